package sqlite

import (
	"context"
	"testing"
	"time"

	"yichuang/cputime"
	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
)

// BenchmarkSeed writes realistic cases in bulk (per op: 1,000 cases with
// their events, due dates and outbox entries).
func BenchmarkSeed(b *testing.B) {
	db := deadlineDB(b)
	ctx := hall.AsDesk(context.Background())
	seed := int64(0)
	for b.Loop() {
		seed++
		if _, err := db.SeedCases(ctx, 1000, seedToday, seed); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/case")
}

// BenchmarkSupervise100k is the store's part of opening the supervisor's
// screen on a desk with 100,000 cases: the query of every case, of the open
// ones only, and the lights counted on the rows of the whole.
func BenchmarkSupervise100k(b *testing.B) {
	db := deadlineDB(b)
	ctx := hall.AsDesk(context.Background())
	start := time.Now()
	if _, err := db.SeedCases(ctx, 100_000, seedToday, 1); err != nil {
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
