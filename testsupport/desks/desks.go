// Package desks opens the real desks tests run on: a data directory with
// its SQLite file, demo catalog, bundled calendar and hall codes, exactly as
// the window's desk.Open makes it, and the case with a notice that the
// UI's, the commands' and the sync stories' tests print again. The UI tests
// build their windows over these in app/ui/fixture_test.go; the commands',
// the sync stories' and the bench tool's tests use them as they are. Tests
// only.
package desks

import (
	"context"
	"encoding/json"
	"testing"

	"yichuang/desk"
	"yichuang/hall"
)

// Ctx is the context a test acts in when no user does: the desk itself.
func Ctx() context.Context { return hall.AsDesk(context.Background()) }

// Open opens the desk in dir (a new temporary directory when dir is "")
// and closes it when the test ends; a test that hands the directory to a
// command first closes it itself (Close again is harmless).
func Open(t testing.TB, dir string) *desk.Desk {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	d, err := desk.Open(Ctx(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// SentBackForCorrection submits at desk d, as ctx's actor does at the
// window's intake, a case of 出生登记 (000104001001, in the demo catalog)
// from 张喆 that is sent back for 补正: the case and its events, the last
// one carrying its notice (一次性告知书).
func SentBackForCorrection(t testing.TB, ctx context.Context, d *desk.Desk) (*hall.Case, []hall.Event) {
	t.Helper()
	it, err := d.DB.Catalog().Item(ctx, "000104001001")
	if err != nil {
		t.Fatal(err)
	}
	c := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department,
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "张喆", IDNumber: "11010519491231002X"}}
	dec := hall.Decision{Action: hall.ActRequestCorrection, Item: it, Hall: hall.HallInfo{Name: "清河县政务服务中心"}}
	got, evs, err := d.DB.Drafts().Submit(ctx, hall.Submission{Case: c, Decide: dec.Event})
	if err != nil {
		t.Fatal(err)
	}
	return got, evs
}

// BundleAccepted takes in at desk d, as ctx's actor does at the window, the
// demo catalog's bundle (一件事) code for 周桂兰 with every material in hand
// and accepts it: one case per member, in the bundle's order, and each
// case's events (the last carrying the bundle's notice facts).
func BundleAccepted(t testing.TB, ctx context.Context, d *desk.Desk, code string) ([]*hall.Case, [][]hall.Event) {
	t.Helper()
	b, err := d.DB.Catalog().Item(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	var members []hall.Item
	for _, m := range b.Members {
		it, err := d.DB.Catalog().Item(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, *it)
	}
	mb, err := hall.MergeBundle(b, members)
	if err != nil {
		t.Fatal(err)
	}
	var mats []hall.CaseMaterial
	for _, m := range mb.Item.Materials {
		mats = append(mats, hall.CaseMaterial{Name: m.Name, Originals: m.Originals, Copies: m.Copies})
	}
	parts, err := hall.BundleParts(mb, hall.Applicant{Kind: hall.NaturalPerson, Name: "周桂兰", IDNumber: "11010519491231002X",
		Phone: "13905507788"}, json.RawMessage(`{"reason":"到龄退休","contact_phone":"13905507788","delivery":"窗口领取"}`),
		mats, hall.Decision{Action: hall.ActAccept, Hall: hall.HallInfo{Name: "清河县政务服务中心"}})
	if err != nil {
		t.Fatal(err)
	}
	cases, evs, err := d.DB.Drafts().SubmitBundle(ctx, hall.BundleSubmission{
		Bundle: hall.CaseBundle{Code: mb.Item.Code, Name: mb.Item.Name}, Parts: parts})
	if err != nil {
		t.Fatal(err)
	}
	return cases, evs
}
