package supervision

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
)

// openSnapshot makes n open cases as a county hall has them on today:
// accepted over the last 120 days, 14 departments, 70 items, 20 clerks,
// mostly working-day limits, some 即办件, one in ten suspended.
func openSnapshot(t testing.TB, n int, today calendar.Date) Snapshot {
	cal := loadCal(t)
	r := rand.New(rand.NewSource(6))
	limits := []int{0, 1, 3, 5, 7, 10, 15, 20, 30}
	snap := Snapshot{Calendar: cal, Cases: make([]Case, n)}
	for i := range snap.Cases {
		acc := today.AddDays(-r.Intn(120))
		l := hall.Limit{Days: limits[r.Intn(len(limits))], Unit: hall.WorkingDays}
		due, err := cal.DueDate(acc, l, nil)
		if err != nil {
			t.Fatal(err)
		}
		st := hall.StateReview
		if r.Intn(10) == 0 {
			st = hall.StateSpecial
		}
		item := r.Intn(70)
		snap.Cases[i] = Case{No: fmt.Sprintf("341122-20260615-01-%06d", i),
			ItemCode: fmt.Sprintf("0001%08d", item), ItemName: fmt.Sprintf("事项%02d", item),
			Department: fmt.Sprintf("部门%02d", item%14), Clerk: fmt.Sprintf("人员%02d", r.Intn(20)), State: st,
			AcceptedAt: acc.Start().Add(9 * time.Hour), PromiseDue: due.Date.String(), LegalDue: due.Date.String(),
			PromiseLimit: l}
	}
	return snap
}

// BenchmarkEvaluate100k recomputes the lights, days left and days used of
// 100,000 open cases from the rows the store returns (dates as text).
func BenchmarkEvaluate100k(b *testing.B) {
	today := day("2026-06-15")
	snap := openSnapshot(b, 100_000, today)
	var board *Board
	b.ResetTimer()
	for b.Loop() {
		board = Evaluate(snap, today, DefaultSettings())
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/100k")
	if board.Open() != len(snap.Cases) {
		b.Fatalf("%d of %d cases lit", board.Open(), len(snap.Cases))
	}
}

// BenchmarkFilterSortGroup100k is what one change of a filter costs on the
// screen: select, sort by urgency, statistics by department and clerk.
func BenchmarkFilterSortGroup100k(b *testing.B) {
	today := day("2026-06-15")
	board := Evaluate(openSnapshot(b, 100_000, today), today, DefaultSettings())
	b.ResetTimer()
	for b.Loop() {
		rows := board.Select(Filter{Show: ShowOpen})
		Sort(rows, ColLight, false)
		ByDepartment(rows)
		ByClerk(rows)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/100k")
}
