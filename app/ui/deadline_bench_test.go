package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"yichuang/cputime"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
	"yichuang/testsupport/history"
)

// BenchmarkOpenSupervisor100k opens 时限监督 on a desk with 100,000 cases
// on Fyne's headless driver in a 1280×800 window: "usable" is the first
// step (the open cases queried, lit, sorted by urgency, counted, charted
// and listed), "complete" both steps (every case, with the statistics by
// department and clerk), "filter" one change of the light filter then.
func BenchmarkOpenSupervisor100k(b *testing.B) {
	ctx, f := openDeskWindow(b, "")
	dk, w := f.desk, f.win
	start := time.Now()
	if _, err := history.Seed(ctx, dk.DB, 100_000, supervisorToday, 1); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded 100,000 cases in %s", time.Since(start).Round(time.Millisecond))
	env := &Env{Services: Services{Cases: dk.DB.Cases(), Settings: dk.DB.GuardedSettings()}, Window: w, ctx: ctx, opts: Options{Synchronous: true}}
	var p *deadlinePage
	// Usable: the open cases listed and lit, counts and chart shown.
	b.Run("usable", func(b *testing.B) {
		cpu0 := cputime.Used()
		for b.Loop() {
			p = newDeadlinePage(env).(*deadlinePage)
			p.today = func() calendar.Date { return calendar.HallDate(supervisorToday) }
			fyne.DoAndWait(func() {
				w.SetContent(p.Content())
				p.refreshOpen(nil)
			})
		}
		if len(p.view.rows) != p.board.Open() || p.stack.Objects[0] != p.full {
			b.Fatalf("screen shows %d rows for %d open", len(p.view.rows), p.board.Open())
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/usable")
		b.ReportMetric(float64(p.board.Open()), "open")
		b.ReportMetric(float64((cputime.Used()-cpu0).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/op")
	})
	// Complete: both steps, every case with the statistics.
	b.Run("complete", func(b *testing.B) {
		cpu0 := cputime.Used()
		for b.Loop() {
			p = newDeadlinePage(env).(*deadlinePage)
			p.today = func() calendar.Date { return calendar.HallDate(supervisorToday) }
			fyne.DoAndWait(func() {
				w.SetContent(p.Content())
				p.Refresh() // synchronous under test: load, light, view, widgets
			})
		}
		if len(p.view.rows) != 100_000-p.board.Waiting || p.stack.Objects[0] != p.full {
			b.Fatalf("screen shows %d rows (%d waiting)", len(p.view.rows), p.board.Waiting)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/complete")
		b.ReportMetric(float64((cputime.Used()-cpu0).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/op")
	})
	// A change of filter on the open screen: select, sort, sum, redraw.
	b.Run("filter", func(b *testing.B) {
		cpu0 := cputime.Used()
		shows := []supervision.Show{supervision.ShowRed, supervision.ShowOpen, supervision.ShowAll}
		i := 0
		for b.Loop() {
			fyne.DoAndWait(func() { p.filters.setShow(shows[i%len(shows)]) })
			i++
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/filter")
		b.ReportMetric(float64((cputime.Used()-cpu0).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/op")
	})
}
