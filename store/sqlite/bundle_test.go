package sqlite

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"yichuang/assets"
	"yichuang/hall"
)

// demoDesk opens a desk's database with the bundled demo catalog, its hall
// and desk codes and the calendar.
func demoDesk(t *testing.T) (*DB, context.Context) {
	t.Helper()
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	var items []hall.Item
	if err := json.Unmarshal(assets.DemoCatalog, &items); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Catalog().ImportCatalog(ctx, items, hall.ImportOptions{Source: "演示目录"}); err != nil {
		t.Fatal(err)
	}
	db.SetSetting(ctx, hall.SettingHallCode, "341122")
	db.SetSetting(ctx, hall.SettingDeskCode, "07")
	db.UseBundledCalendar(bundledTables(t))
	return db, ctx
}

// mergedBundle reads a bundle and its members from the catalog.
func mergedBundle(t *testing.T, db *DB, ctx context.Context, code string) *hall.MergedBundle {
	t.Helper()
	b, err := db.Catalog().Item(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	var members []hall.Item
	for _, m := range b.Members {
		it, err := db.Catalog().Item(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, *it)
	}
	mb, err := hall.MergeBundle(b, members)
	if err != nil {
		t.Fatal(err)
	}
	return mb
}

// allReceived is every material of the list in hand, as asked.
func allReceived(ms []hall.Material) []hall.CaseMaterial {
	var out []hall.CaseMaterial
	for _, m := range ms {
		out = append(out, hall.CaseMaterial{Name: m.Name, Originals: m.Originals, Copies: m.Copies})
	}
	return out
}

func bundleSubmission(t *testing.T, mb *hall.MergedBundle, draftID string) hall.BundleSubmission {
	t.Helper()
	parts, err := hall.BundleParts(mb, hall.Applicant{Kind: hall.NaturalPerson, Name: "王秀英", IDNumber: "11010519491231002X",
		Phone: "13905501234"}, json.RawMessage(`{"reason":"父亲去世","contact_phone":"13905501234","delivery":"窗口领取","deceased_name":"王大山"}`),
		allReceived(mb.Item.Materials), hall.Decision{Action: hall.ActAccept, Hall: hall.HallInfo{Name: "清河县政务服务中心"}})
	if err != nil {
		t.Fatal(err)
	}
	return hall.BundleSubmission{DraftID: draftID, Bundle: hall.CaseBundle{Code: mb.Item.Code, Name: mb.Item.Name}, Parts: parts}
}

// TestSubmitBundleOpensLinkedCasesInOneTransaction: 身后一件事 takes the
// applicant once and opens four accepted cases, one per member, each with
// its events in the outbox and the same bundle link; the bundle's draft is
// closed with them. A member whose decision fails opens none of them.
func TestSubmitBundleOpensLinkedCasesInOneTransaction(t *testing.T) {
	db, ctx := demoDesk(t)
	mb := mergedBundle(t, db, ctx, "YJS341122004")
	d := &hall.Draft{ID: "d-bundle", ItemCode: mb.Item.Code, ItemName: mb.Item.Name, SchemaVersion: hall.FormVersion(mb.Item.Form),
		Title: "王秀英", Applicant: json.RawMessage(`{"name":"王秀英"}`), Schema: mb.Item.Form}
	if err := db.Drafts().SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	// A failing member: nothing is committed, the draft stays open.
	bad := bundleSubmission(t, mb, "d-bundle")
	bad.Parts[3].Decide = func(c *hall.Case) (hall.Event, error) {
		return hall.Event{}, errors.New("材料不齐全")
	}
	if _, _, err := db.Drafts().SubmitBundle(ctx, bad); err == nil || !strings.Contains(hall.ErrorMessage(err), "丧葬补助金") {
		t.Fatalf("a failing member: %v (want its name in the message)", err)
	}
	if n := count(t, db, "cases"); n != 0 {
		t.Fatalf("%d cases after a refused bundle", n)
	}
	cases, events, err := db.Drafts().SubmitBundle(ctx, bundleSubmission(t, mb, "d-bundle"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 4 || len(events) != 4 {
		t.Fatalf("%d cases, %d event lists", len(cases), len(events))
	}
	nos := map[string]bool{}
	for i, c := range cases {
		b := c.Bundle
		if b == nil || b.ID != cases[0].Bundle.ID || b.Code != "YJS341122004" || b.Name != "身后一件事" || b.Part != i+1 || b.Of != 4 {
			t.Errorf("case %d link %+v", i+1, b)
		}
		if c.ItemCode != mb.Members[i].Code || c.State != hall.StateAccepted || !hall.ValidCaseNumber(c.No) || nos[c.No] {
			t.Errorf("case %d: %s %s %s", i+1, c.ItemCode, c.State, c.No)
		}
		nos[c.No] = true
		if len(events[i]) != 2 {
			t.Errorf("case %d has %d events", i+1, len(events[i]))
		}
		if c.Applicant.Name != "王秀英" {
			t.Errorf("case %d applicant %q", i+1, c.Applicant.Name)
		}
	}
	// The member's form holds its own fields only.
	if !strings.Contains(string(cases[0].Form), "王大山") || strings.Contains(string(cases[1].Form), "王大山") {
		t.Errorf("forms: %s / %s", cases[0].Form, cases[1].Form)
	}
	var outbox, linked int
	db.read.QueryRow("SELECT count(*) FROM outbox WHERE case_id IN (SELECT id FROM cases WHERE bundle_id = ?)", cases[0].Bundle.ID).Scan(&outbox)
	db.read.QueryRow("SELECT count(*) FROM cases WHERE bundle_id = ? AND bundle_code = 'YJS341122004'", cases[0].Bundle.ID).Scan(&linked)
	if outbox != 8 || linked != 4 {
		t.Errorf("%d outbox entries (want 8), %d linked cases (want 4)", outbox, linked)
	}
	stored, _, err := db.Cases().Case(ctx, cases[2].ID)
	if err != nil || stored.Bundle == nil || stored.Bundle.ID != cases[0].Bundle.ID {
		t.Errorf("stored case's link: %+v, %v", stored, err)
	}
	var state string
	db.read.QueryRow("SELECT state FROM drafts WHERE id = 'd-bundle'").Scan(&state)
	if state != "submitted" {
		t.Errorf("draft %s", state)
	}
	if _, _, err := db.Drafts().SubmitBundle(ctx, bundleSubmission(t, mb, "d-bundle")); hall.ErrorCode(err) != hall.EConflict {
		t.Errorf("the same draft again: %v", err)
	}
	// A bundle whose members changed while the draft was open is refused.
	sub := bundleSubmission(t, mb, "")
	sub.Parts = sub.Parts[:3]
	if _, _, err := db.Drafts().SubmitBundle(ctx, sub); hall.ErrorCode(err) != hall.EConflict {
		t.Errorf("three of four members: %v", err)
	}
}

// TestBundlesImportAndSearch: a bundle is found by its name, keyword and
// pinyin, marked as one; a file whose bundle lists an unknown item is
// refused whole.
func TestBundlesImportAndSearch(t *testing.T) {
	db, ctx := demoDesk(t)
	for _, q := range []string{"新生儿出生一件事", "新生儿", "xinshenger", "xsecsyjs", "出生一件事"} {
		r, err := db.Catalog().Search(ctx, hall.SearchQuery{Text: q, Near: "341122", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range r.Hits[:min(3, len(r.Hits))] {
			if h.Code == "YJS341122001" {
				found = h.Bundle
			}
		}
		if !found {
			t.Errorf("%s: 新生儿出生一件事 not in the first three, marked as a bundle: %s", q, hitNames(r))
		}
	}
	r, _ := db.Catalog().Search(ctx, hall.SearchQuery{Text: "出生登记", Near: "341122", Limit: 1})
	if r.Hits[0].Bundle {
		t.Error("an item is marked as a bundle")
	}
	b, _ := db.Catalog().Item(ctx, "YJS341122001")
	b.Code, b.TaskCode, b.HandleCode, b.Members = "YJS9", b.TaskCode+"9", "", []string{"000104001001", "999999999999"}
	_, err := db.Catalog().ImportCatalog(ctx, []hall.Item{*b}, hall.ImportOptions{Source: "b.json"})
	if err == nil || !strings.Contains(hall.ErrorMessage(err), "999999999999") {
		t.Errorf("a bundle with an unknown member: %v", err)
	}
	if _, err := db.Catalog().Item(ctx, "YJS9"); hall.ErrorCode(err) != hall.ENotFound {
		t.Errorf("the refused bundle was stored: %v", err)
	}
	// A file streamed a chunk at a time (ImportStream) is held to the same
	// rule once it is read whole: a member may come in a later chunk.
	member, _ := db.Catalog().Item(ctx, "000104001001")
	member.Code, member.TaskCode, member.HandleCode = "M9", member.TaskCode+"9", ""
	stream := func(members ...string) error {
		bb := *b
		bb.Members = members
		_, err := db.Catalog().ImportStream(ctx, func(each func([]hall.Item) error) (int, error) {
			if err := each([]hall.Item{bb}); err != nil {
				return 0, err
			}
			return 2, each([]hall.Item{*member})
		}, hall.ImportOptions{Source: "文件 b.json"})
		return err
	}
	if err := stream("000104001001", "999999999999"); err == nil || !strings.Contains(hall.ErrorMessage(err), "999999999999") {
		t.Errorf("a streamed bundle with an unknown member: %v", err)
	}
	if _, err := db.Catalog().Item(ctx, "YJS9"); hall.ErrorCode(err) != hall.ENotFound {
		t.Errorf("the refused streamed bundle was stored: %v", err)
	}
	if err := stream("000104001001", "M9"); err != nil {
		t.Errorf("a bundle whose member comes later in the file: %v", err)
	}
}

// TestUsesBreakTies: two entries found equally well (same kind of match,
// same county, names of one length) come in browse order until the desk
// takes one of them in more often; then that one comes first. A bundle's
// intakes count once each.
func TestUsesBreakTies(t *testing.T) {
	db, ctx := demoDesk(t)
	first := func(q string) []string {
		r, err := db.Catalog().Search(ctx, hall.SearchQuery{Text: q, Near: "341122", Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		return []string{r.Hits[0].Code, r.Hits[1].Code}
	}
	// 户口迁移（迁入） and 户口迁移（迁出）: one department, one length.
	before := first("户口迁移（迁")
	if before[0] != "000104002001" || before[1] != "000104002002" {
		t.Fatalf("before any use: %v", before)
	}
	it, err := db.Catalog().Item(ctx, "000104002002")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		c := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department,
			Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "李玥", IDNumber: "11010519491231002X"}}
		if _, _, err := db.Drafts().Submit(ctx, hall.Submission{Case: c}); err != nil {
			t.Fatal(err)
		}
	}
	if after := first("户口迁移（迁"); after[0] != "000104002002" {
		t.Errorf("after two intakes of 迁出: %v", after)
	}
	// Bundles: 身后一件事 and 退休一件事 are both found by 一件事, from one
	// department, names of one length; one intake of 退休一件事 (three
	// cases, one intake) puts it first.
	r, _ := db.Catalog().Search(ctx, hall.SearchQuery{Text: "一件事", Near: "341122", Limit: 10})
	if r.Hits[0].Code != "YJS341122004" || r.Hits[1].Code != "YJS341122003" {
		t.Fatalf("before any use: %s", hitNames(r))
	}
	mb := mergedBundle(t, db, ctx, "YJS341122003")
	if _, _, err := db.Drafts().SubmitBundle(ctx, bundleSubmission(t, mb, "")); err != nil {
		t.Fatal(err)
	}
	r, _ = db.Catalog().Search(ctx, hall.SearchQuery{Text: "一件事", Near: "341122", Limit: 10})
	if r.Hits[0].Code != "YJS341122003" {
		t.Errorf("after one intake of 退休一件事: %s", hitNames(r))
	}
}

func hitNames(r hall.SearchResult) string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Name)
	}
	return strings.Join(out, ",")
}
