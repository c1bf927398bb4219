package sqlite

import (
	"context"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/hall/supervision"
)

// TestFeedRecountedWithTheDesksCalendar: the feed's dates are counted again
// at the desk from the limits and events (the platform's dates are not
// trusted blindly), a clock stop counts, and a holiday table that arrives
// later moves another window's case as it moves the desk's own.
func TestFeedRecountedWithTheDesksCalendar(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, hall.Zone)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := db.SetSettings(ctx, map[string]string{hall.SettingHallCode: "341122", hall.SettingDeskCode: "01"}); err != nil {
		t.Fatal(err)
	}
	five := hall.Limit{Days: 5, Unit: hall.WorkingDays}
	mk := func(no, accepted string, evs ...hall.Event) supervision.FeedCase {
		a := at(accepted)
		return supervision.FeedCase{Case: supervision.Case{No: no, Hall: supervision.HallOf(no), Desk: supervision.DeskOf(no),
			ItemCode: "X1", ItemName: "临时救助", Department: "民政", State: hall.StateAccepted, AcceptedAt: a,
			PromiseDue: "2099-01-01", LegalDue: "2099-01-01", PromiseLimit: five, LegalLimit: five},
			Events: append([]hall.Event{{Action: hall.ActAccept, At: a}}, evs...)}
	}
	page := supervision.FeedPage{Scope: "341122", Cursor: "3", Halls: []supervision.Hall{{Code: "341122", Name: "县"},
		{Code: "341122100", Name: "镇", Parent: "341122"}}, Cases: []supervision.FeedCase{
		mk("341122100-20261029-01-0001", "2026-10-29 09:00"),
		// 补正 from 11-02 to 11-04: three working days stopped.
		mk("341122100-20261029-01-0002", "2026-10-29 09:00", hall.Event{Action: hall.ActRequestCorrection, At: at("2026-11-02 10:00")},
			hall.Event{Action: hall.ActSupplyCorrection, At: at("2026-11-04 10:00")}),
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
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	if err := db.SetSettings(ctx, map[string]string{hall.SettingHallCode: "341122", hall.SettingDeskCode: "01"}); err != nil {
		t.Fatal(err)
	}
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
