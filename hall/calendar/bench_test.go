package calendar

import (
	"math/rand"
	"testing"

	"yichuang/hall"
)

type benchCase struct {
	accepted Date
	limit    hall.Limit
	stops    []Stop
}

// openCases makes n open cases accepted in the 150 days before today, with
// the mix a county hall sees: mostly working-day limits, some natural-day
// ones and 即办件, a third with a finished stop and some still suspended.
func openCases(n int, today Date) []benchCase {
	r := rand.New(rand.NewSource(3))
	limits := []int{0, 1, 3, 5, 7, 10, 15, 20, 30, 45, 60}
	out := make([]benchCase, n)
	for i := range out {
		bc := benchCase{accepted: today.AddDays(-r.Intn(150))}
		bc.limit = hall.Limit{Days: limits[r.Intn(len(limits))], Unit: hall.WorkingDays}
		if r.Intn(5) == 0 {
			bc.limit.Unit = hall.NaturalDays
		}
		if k := r.Intn(10); k < 4 && today.Sub(bc.accepted) > 20 {
			s := Stop{From: bc.accepted.AddDays(1 + r.Intn(10))}
			if k > 0 {
				s.To = s.From.AddDays(r.Intn(10))
			}
			bc.stops = []Stop{s}
		}
		out[i] = bc
	}
	return out
}

func BenchmarkLights100k(b *testing.B) {
	c := loadCal(b)
	today := md("2026-06-15")
	cases := openCases(100_000, today)
	th := DefaultThresholds()
	var count [5]int
	b.ResetTimer()
	for b.Loop() {
		count = [5]int{}
		for _, bc := range cases {
			due, err := c.DueDate(bc.accepted, bc.limit, bc.stops)
			if err != nil {
				b.Fatal(err)
			}
			count[c.LightOf(today, bc.accepted, due.Date, due.Open, th)]++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/100k")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(cases)), "ns/case")
	if count[Green]+count[Yellow]+count[Red]+count[Suspended] != len(cases) {
		b.Fatal("a case got no light")
	}
}

func BenchmarkDueDate(b *testing.B) {
	c := loadCal(b)
	cases := openCases(4096, md("2026-06-15"))
	b.ResetTimer()
	i := 0
	for b.Loop() {
		bc := cases[i%len(cases)]
		if _, err := c.DueDate(bc.accepted, bc.limit, bc.stops); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkAddWorkdays(b *testing.B) {
	c := loadCal(b)
	d := md("2025-09-26")
	i := 0
	for b.Loop() {
		c.AddWorkdays(d.AddDays(i%700), 1+i%60)
		i++
	}
}
