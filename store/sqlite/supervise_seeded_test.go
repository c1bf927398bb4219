package sqlite_test

// The store's side of the supervisor's screen over months of a desk's past
// (testsupport/history writes it): an external test, as the fixture builds
// on the store.

import (
	"context"
	"testing"
	"time"

	"yichuang/cputime"
	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
	"yichuang/store/sqlite"
	"yichuang/testsupport/history"
)

var seedToday = time.Date(2026, 6, 15, 11, 0, 0, 0, hall.Zone) // a Monday

// TestSeededDeskAsTheSupervisorSeesIt seeds 3,000 cases and checks what the
// supervisor's query returns against the cases' own events.
func TestSeededDeskAsTheSupervisorSeesIt(t *testing.T) {
	db := sqlite.DeadlineDB(t)
	ctx := hall.AsDesk(context.Background())
	n, err := history.Seed(ctx, db, 3000, seedToday, 1)
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
		id, err := sqlite.CaseIDOf(db, sc.No)
		if err != nil {
			t.Fatal(err)
		}
		c, evs, err := db.Cases().Case(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		it, err := db.Catalog().Item(ctx, c.ItemCode)
		if err != nil {
			t.Fatal(err)
		}
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

// BenchmarkSeed writes realistic cases in bulk (per op: 1,000 cases with
// their events, due dates and outbox entries).
func BenchmarkSeed(b *testing.B) {
	db := sqlite.DeadlineDB(b)
	ctx := hall.AsDesk(context.Background())
	seed := int64(0)
	for b.Loop() {
		seed++
		if _, err := history.Seed(ctx, db, 1000, seedToday, seed); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/case")
}

// BenchmarkSupervise100k is the store's part of opening the supervisor's
// screen on a desk with 100,000 cases: the query of every case, of the open
// ones only, and the lights counted on the rows of the whole.
func BenchmarkSupervise100k(b *testing.B) {
	db := sqlite.DeadlineDB(b)
	ctx := hall.AsDesk(context.Background())
	start := time.Now()
	if _, err := history.Seed(ctx, db, 100_000, seedToday, 1); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded 100,000 cases in %s", time.Since(start).Round(time.Millisecond))
	today := calendar.HallDate(seedToday)
	b.Run("query", func(b *testing.B) {
		cpu0 := cputime.Used()
		for b.Loop() {
			snap, err := db.Cases().Supervise(ctx, supervision.Query{})
			if err != nil || len(snap.Cases) < 90_000 {
				b.Fatalf("%d cases, %v", len(snap.Cases), err)
			}
		}
		b.ReportMetric(float64((cputime.Used()-cpu0).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/op")
	})
	b.Run("query-open", func(b *testing.B) {
		cpu0 := cputime.Used()
		for b.Loop() {
			if _, err := db.Cases().Supervise(ctx, supervision.Query{OpenOnly: true}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64((cputime.Used()-cpu0).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/op")
	})
	snap, _ := db.Cases().Supervise(ctx, supervision.Query{})
	b.Run("lights", func(b *testing.B) {
		cpu0 := cputime.Used()
		var board *supervision.Board
		for b.Loop() {
			board = supervision.Evaluate(snap, today, supervision.DefaultSettings())
		}
		b.ReportMetric(float64(board.Open()), "open")
		b.ReportMetric(float64((cputime.Used()-cpu0).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/op")
	})
}
