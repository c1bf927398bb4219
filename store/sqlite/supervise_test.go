package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
)

var seedToday = hallAt("2026-06-15 11:00") // a Monday

// TestSeededDeskAsTheSupervisorSeesIt seeds 3,000 cases and checks what the
// supervisor's query returns against the cases' own events.
func TestSeededDeskAsTheSupervisorSeesIt(t *testing.T) {
	db := deadlineDB(t)
	ctx := hall.AsDesk(context.Background())
	n, err := db.SeedCases(ctx, 3000, seedToday, 1)
	if err != nil || n != 3000 {
		t.Fatalf("seeded %d: %v", n, err)
	}
	snap, err := db.Cases().Supervise(ctx, supervision.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Cases)+snap.Waiting != 3000 || snap.Waiting == 0 {
		t.Fatalf("%d accepted + %d waiting, want 3000", len(snap.Cases), snap.Waiting)
	}
	board := supervision.Evaluate(snap, calendar.HallDate(seedToday), supervision.DefaultSettings())
	for _, l := range []calendar.Light{calendar.Green, calendar.Yellow, calendar.Red, calendar.Suspended} {
		if board.Counts[l] == 0 {
			t.Errorf("no %s case among %d open", l, board.Open())
		}
	}
	finished, late, instant := 0, 0, 0
	for i := range board.Rows {
		r := &board.Rows[i]
		if !r.Open() {
			finished++
			if r.Late {
				late++
			}
		}
		if r.PromiseLimit.Instant() {
			instant++
		}
		if r.Promise.IsZero() || r.Legal.IsZero() {
			t.Fatalf("%s: promise %s legal %s", r.No, r.PromiseDue, r.LegalDue)
		}
	}
	if finished < 1000 || late == 0 || instant == 0 || board.Undated != 0 {
		t.Errorf("finished %d late %d instant %d undated %d", finished, late, instant, board.Undated)
	}
	// Every tenth case: the stored dates are what its events give.
	for i := 0; i < len(snap.Cases); i += 10 {
		sc := snap.Cases[i]
		var id string
		if err := db.read.QueryRow("SELECT id FROM cases WHERE no = ?", sc.No).Scan(&id); err != nil {
			t.Fatal(err)
		}
		c, evs, err := db.Cases().Case(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		it := permitOrCatalog(t, db, c.ItemCode)
		p, l, err := snap.Calendar.DueDates(calendar.Limits{Promise: it.PromiseLimit, Legal: it.LegalLimit}, c.AcceptedAt, evs)
		if err != nil || p.Date.String() != sc.PromiseDue || l.Date.String() != sc.LegalDue || c.PromiseDue != sc.PromiseDue {
			t.Fatalf("%s: stored %s/%s, events give %s/%s (%v)", sc.No, sc.PromiseDue, sc.LegalDue, p.Date, l.Date, err)
		}
	}
	checks, err := db.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if !c.OK {
			t.Errorf("verify %s: %s", c.Name, c.Detail)
		}
	}
	// The open cases alone: the same rows as the open ones of the whole.
	open, err := db.Cases().Supervise(ctx, supervision.Query{OpenOnly: true})
	if err != nil || len(open.Cases) != board.Open()+board.Undated || open.Waiting != snap.Waiting {
		t.Fatalf("open only: %d cases, %d waiting (%v); want %d", len(open.Cases), open.Waiting, err, board.Open())
	}
	for _, c := range open.Cases {
		if !c.FinishedAt.IsZero() {
			t.Fatalf("%s is finished but listed as open", c.No)
		}
	}
	// A date range keeps the cases accepted in it, both days included.
	from, to := calendar.HallDate(seedToday).AddDays(-7), calendar.HallDate(seedToday).AddDays(-1)
	week, err := db.Cases().Supervise(ctx, supervision.Query{From: from, To: to})
	if err != nil || len(week.Cases) == 0 || len(week.Cases) >= len(snap.Cases) {
		t.Fatalf("week: %d cases, %v", len(week.Cases), err)
	}
	for _, c := range week.Cases {
		if d := calendar.HallDate(c.AcceptedAt); d.Before(from) || d.After(to) {
			t.Fatalf("%s accepted %s outside %s–%s", c.No, d, from, to)
		}
	}
}

func permitOrCatalog(t *testing.T, db *DB, code string) *hall.Item {
	t.Helper()
	it, err := db.Catalog().Item(hall.AsDesk(context.Background()), code)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func TestReadCalendarYearsLeavesTheFileAlone(t *testing.T) {
	ctx := hall.AsDesk(context.Background())
	if y, err := ReadCalendarYears(ctx, filepath.Join(t.TempDir(), "none.db")); err != nil || y != nil {
		t.Errorf("missing file: %v %v", y, err)
	}
	db := deadlineDB(t)
	if _, err := db.SaveCalendarYear(ctx, 2027, []byte(`{"off": ["2027-01-01"]}`), "平台"); err != nil {
		t.Fatal(err)
	}
	years, err := ReadCalendarYears(ctx, db.Path())
	if err != nil || len(years) != 1 || years[2027].Off[0].String() != "2027-01-01" {
		t.Errorf("stored years = %v, %v", years, err)
	}
	// The desk keeps writing while the years are read.
	if _, err := db.SaveCalendarYear(ctx, 2028, []byte(`{"off": ["2028-01-01"]}`), "平台"); err != nil {
		t.Fatal(err)
	}
	if years, _ := ReadCalendarYears(ctx, db.Path()); len(years) != 2 {
		t.Errorf("after a second save: %v", years)
	}
	other := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(other, []byte("不是数据库不是数据库不是数据库"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadCalendarYears(ctx, other); hall.ErrorCode(err) != hall.ECorrupt {
		t.Errorf("junk file: %v", err)
	}
}
