package sqlite

import (
	"context"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
)

// feedDesk is a new database for desk 01 of hall 341122, acted on by the
// desk, that a supervisor's feed is applied to.
func feedDesk(t *testing.T) (*DB, context.Context) {
	t.Helper()
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	if err := db.SetSettings(ctx, map[string]string{hall.SettingHallCode: "341122", hall.SettingDeskCode: "01"}); err != nil {
		t.Fatal(err)
	}
	return db, ctx
}

// TestFeedRecountedWithTheDesksCalendar: the feed's dates are counted again
// at the desk from the limits and events (the platform's dates are not
// trusted blindly), a clock stop counts, and a holiday table that arrives
// later moves another window's case as it moves the desk's own.
func TestFeedRecountedWithTheDesksCalendar(t *testing.T) {
	db, ctx := feedDesk(t)
	five := hall.Limit{Days: 5, Unit: hall.WorkingDays}
	mk := func(no, accepted string, evs ...hall.Event) supervision.FeedCase {
		a := hallAt(accepted)
		return supervision.FeedCase{Case: supervision.Case{No: no, Hall: supervision.HallOf(no), Desk: supervision.DeskOf(no),
			ItemCode: "X1", ItemName: "临时救助", Department: "民政", State: hall.StateAccepted, AcceptedAt: a,
			PromiseDue: "2099-01-01", LegalDue: "2099-01-01", PromiseLimit: five, LegalLimit: five},
			Events: append([]hall.Event{{Action: hall.ActAccept, At: a}}, evs...)}
	}
	page := supervision.FeedPage{Scope: "341122", Cursor: "3", Halls: []supervision.Hall{{Code: "341122", Name: "县"},
		{Code: "341122100", Name: "镇", Parent: "341122"}}, Cases: []supervision.FeedCase{
		mk("341122100-20261029-01-0001", "2026-10-29 09:00"),
		// 补正 from 11-02 to 11-04: three working days stopped.
		mk("341122100-20261029-01-0002", "2026-10-29 09:00", hall.Event{Action: hall.ActRequestCorrection, At: hallAt("2026-11-02 10:00")},
			hall.Event{Action: hall.ActSupplyCorrection, At: hallAt("2026-11-04 10:00")}),
		mk("341122100-20261229-01-0003", "2026-12-29 09:00")}}
	if err := db.Sync().ApplySupervision(ctx, "sup", page); err != nil {
		t.Fatal(err)
	}
	due := func() map[string]string {
		snap, err := db.Cases().Supervise(ctx, supervision.Query{Scope: supervision.Scope{Kind: supervision.ScopeUnder}})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, c := range snap.Cases {
			m[c.No] = c.PromiseDue
		}
		return m
	}
	got := due()
	// 10-29 (Thu) + 5 working days: 10-30, 11-02 … 11-05.
	for no, want := range map[string]string{"341122100-20261029-01-0001": "2026-11-05",
		// 10-30, then 11-02~11-04 stopped, 11-05, 11-06, 11-09, 11-10.
		"341122100-20261029-01-0002": "2026-11-10",
		// 12-30, 12-31, 元旦 off (the statutory guess), 01-04, 01-05, 01-06.
		"341122100-20261229-01-0003": "2027-01-06"} {
		if got[no] != want {
			t.Errorf("%s due %s, want %s", no, got[no], want)
		}
	}
	if _, err := db.SaveCalendarYear(ctx, 2027, []byte(`{"off": ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"]}`), "平台"); err != nil {
		t.Fatal(err)
	}
	if got := due()["341122100-20261229-01-0003"]; got != "2027-01-07" {
		t.Errorf("after the 2027 table: due %s, want 2027-01-07", got)
	}
	// Another supervisor's first page replaces what the desk held.
	if err := db.Sync().ApplySupervision(ctx, "sup2", supervision.FeedPage{Scope: "341122100", Cursor: "9",
		Halls: []supervision.Hall{{Code: "341122100", Name: "镇"}}}); err != nil {
		t.Fatal(err)
	}
	if n := len(due()); n != 0 {
		t.Errorf("%d cases of the other supervisor's feed left", n)
	}
	if cur, _ := db.Sync().SupervisionCursor(ctx, "sup"); cur != "" {
		t.Errorf("the old supervisor's cursor %q survives", cur)
	}
}

// TestFeedKeepsDatesOfKindsItDoesNotCount: a case with an event this desk
// cannot count (a kind added on a newer desk) keeps the platform's dates.
func TestFeedKeepsDatesOfKindsItDoesNotCount(t *testing.T) {
	db, ctx := feedDesk(t)
	a := time.Date(2026, 10, 29, 9, 0, 0, 0, hall.Zone)
	five := hall.Limit{Days: 5, Unit: hall.WorkingDays}
	mk := func(no string, kinds ...hall.Action) supervision.FeedCase {
		fc := supervision.FeedCase{Case: supervision.Case{No: no, ItemCode: "X1", ItemName: "临时救助", State: hall.StateAccepted,
			AcceptedAt: a, PromiseDue: "2026-12-31", LegalDue: "2026-12-31", PromiseLimit: five, LegalLimit: five}}
		for _, k := range kinds {
			fc.Events = append(fc.Events, hall.Event{Action: k, At: a})
		}
		return fc
	}
	page := supervision.FeedPage{Scope: "341122", Cursor: "2", Halls: []supervision.Hall{{Code: "341122"}, {Code: "341122100", Parent: "341122"}},
		Cases: []supervision.FeedCase{mk("341122100-20261029-01-0001", hall.ActAccept),
			mk("341122100-20261029-01-0002", hall.ActAccept, hall.Action("extend"))}}
	if err := db.Sync().ApplySupervision(ctx, "sup", page); err != nil {
		t.Fatal(err)
	}
	snap, err := db.Cases().Supervise(ctx, supervision.Query{Scope: supervision.Scope{Kind: supervision.ScopeUnder}})
	if err != nil || len(snap.Cases) != 2 {
		t.Fatalf("%d cases, %v", len(snap.Cases), err)
	}
	if snap.Cases[0].PromiseDue != "2026-11-05" || snap.Cases[1].PromiseDue != "2026-12-31" {
		t.Errorf("due %s (counted here) and %s (an unknown kind: the platform's)", snap.Cases[0].PromiseDue, snap.Cases[1].PromiseDue)
	}
}

// TestFeedRatingsByScopeAndDays: the feed's ratings are kept with their
// cases, read back at 下辖 (all and one township) with the case's
// department and, unless the rating names its own, the case's clerk; only
// those given in the query's days count; a rating event leaves the
// desk's recount of the dates alone; a page that rewrites a case replaces
// its ratings.
func TestFeedRatingsByScopeAndDays(t *testing.T) {
	db, ctx := feedDesk(t)
	a := time.Date(2026, 10, 29, 9, 0, 0, 0, hall.Zone)
	five := hall.Limit{Days: 5, Unit: hall.WorkingDays}
	mk := func(no, dep, clerk string, rs ...supervision.Rating) supervision.FeedCase {
		fc := supervision.FeedCase{Case: supervision.Case{No: no, ItemCode: "X1", ItemName: "临时救助", Department: dep,
			Clerk: clerk, State: hall.StateAccepted, AcceptedAt: a, PromiseDue: "2026-12-31", LegalDue: "2026-12-31",
			PromiseLimit: five, LegalLimit: five}, Ratings: rs,
			Events: []hall.Event{{Action: hall.ActAccept, At: a}}}
		for _, r := range rs {
			fc.Events = append(fc.Events, hall.Event{Action: hall.ActRate, At: r.At})
		}
		return fc
	}
	nov := time.Date(2026, 11, 3, 10, 0, 0, 0, hall.Zone)
	dec := time.Date(2026, 12, 2, 10, 0, 0, 0, hall.Zone)
	halls := []supervision.Hall{{Code: "341122"}, {Code: "341122100", Parent: "341122"}, {Code: "341122200", Parent: "341122"}}
	page := supervision.FeedPage{Scope: "341122", Cursor: "2", Halls: halls, Cases: []supervision.FeedCase{
		mk("341122100-20261029-01-0001", "民政", "孙丽",
			supervision.Rating{Stage: hall.StageAccept, Level: hall.RateVeryPoor, At: nov, Channel: hall.ChannelWindow, Reasoned: true},
			supervision.Rating{Stage: hall.StageDeliver, Level: hall.RateGood, At: dec, Channel: hall.ChannelQR, Clerk: "周强"}),
		mk("341122200-20261029-01-0001", "公安", "钱多", supervision.Rating{Stage: hall.StageAccept, Level: hall.RateFair, At: nov})}}
	if err := db.Sync().ApplySupervision(ctx, "sup", page); err != nil {
		t.Fatal(err)
	}
	snap, err := db.Cases().Supervise(ctx, supervision.Query{Scope: supervision.Scope{Kind: supervision.ScopeUnder}})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Ratings) != 3 || snap.Cases[0].PromiseDue != "2026-11-05" {
		t.Fatalf("下辖: %d ratings %+v; due %s (a rating event must leave the recount alone)", len(snap.Ratings), snap.Ratings, snap.Cases[0].PromiseDue)
	}
	first := snap.Ratings[0] // in time order: November's first
	if first.CaseNo != "341122100-20261029-01-0001" || first.Department != "民政" || first.Clerk != "孙丽" ||
		!first.Reasoned || !first.Remote || first.Reason != "" || first.ReasonText() == "" {
		t.Errorf("first rating %+v", first)
	}
	if last := snap.Ratings[2]; last.Clerk != "周强" || last.Channel != hall.ChannelQR || last.Stage != hall.StageDeliver {
		t.Errorf("the 出件 rating %+v", last)
	}
	town, err := db.Cases().Supervise(ctx, supervision.Query{Scope: supervision.Scope{Kind: supervision.ScopeUnder, Hall: "341122200"}})
	if err != nil || len(town.Ratings) != 1 || town.Ratings[0].Department != "公安" {
		t.Errorf("下辖 one township: %+v, %v", town.Ratings, err)
	}
	novOnly, err := db.Cases().Supervise(ctx, supervision.Query{Scope: supervision.Scope{Kind: supervision.ScopeUnder},
		From: calendar.HallDate(nov), To: calendar.HallDate(nov)})
	// The two given on 11-03 count, though their cases were accepted in
	// October (and are not in view): the days bound when a rating was given.
	if err != nil || len(novOnly.Ratings) != 2 || len(novOnly.Cases) != 0 {
		t.Errorf("ratings given on %s: %+v (%d cases), %v", calendar.HallDate(nov), novOnly.Ratings, len(novOnly.Cases), err)
	}
	page.Cases = page.Cases[:1]
	page.Cases[0].Ratings = page.Cases[0].Ratings[:1]
	if err := db.Sync().ApplySupervision(ctx, "sup", page); err != nil {
		t.Fatal(err)
	}
	snap, err = db.Cases().Supervise(ctx, supervision.Query{Scope: supervision.Scope{Kind: supervision.ScopeUnder, Hall: "341122100"}})
	if err != nil || len(snap.Ratings) != 1 {
		t.Errorf("after the case's row was rewritten: %+v, %v", snap.Ratings, err)
	}
}
