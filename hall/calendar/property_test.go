package calendar

import (
	"math/rand"
	"testing"
	"time"

	"yichuang/hall"
)

// naiveWorkday is the rule applied straight to the raw table, and to the
// statutory holidays in the years without one, as an oracle independent of
// the prefix sums.
func naiveWorkday(tables map[int]Year) func(Date) bool {
	return naiveDays(tables, true)
}

// naiveTableOnly is the calendar before statutory holidays were counted:
// a year without a table is weekends only.
func naiveTableOnly(tables map[int]Year) func(Date) bool {
	return naiveDays(tables, false)
}

func naiveDays(tables map[int]Year, statutory bool) func(Date) bool {
	off, makeup := map[Date]bool{}, map[Date]bool{}
	for _, y := range tables {
		for _, d := range y.Off {
			off[d] = true
		}
		for _, d := range y.Makeup {
			makeup[d] = true
		}
	}
	for y := statutoryFirst; statutory && y <= statutoryLast; y++ {
		if _, ok := tables[y]; !ok {
			for _, d := range StatutoryDays(y) {
				off[d] = true
			}
		}
	}
	return func(d Date) bool {
		wd := d.Weekday()
		return makeup[d] || (wd != time.Saturday && wd != time.Sunday && !off[d])
	}
}

// naiveDue walks day by day.
func naiveDue(isWork func(Date) bool, start Date, l hall.Limit, stops []Stop) Date {
	stopped := func(d Date) bool {
		for _, s := range stops {
			if !d.Before(s.From) && !s.end().Before(d) {
				return true
			}
		}
		return false
	}
	d := start
	for n := l.Days; n > 0; {
		d = d.AddDays(1)
		if !stopped(d) && (l.Unit == hall.NaturalDays || isWork(d)) {
			n--
		}
	}
	for l.Days > 0 && (!isWork(d) || stopped(d)) {
		d = d.AddDays(1)
	}
	return d
}

func randomCase(r *rand.Rand) (Date, hall.Limit, []Stop) {
	start := md("2024-01-01").AddDays(r.Intn(3 * 365))
	l := hall.Limit{Days: r.Intn(61), Unit: hall.WorkingDays}
	if r.Intn(3) == 0 {
		l.Unit = hall.NaturalDays
	}
	var stops []Stop
	at := start.AddDays(r.Intn(10))
	for i := r.Intn(4); i > 0; i-- {
		s := Stop{From: at, To: at.AddDays(r.Intn(20))}
		if i == 1 && r.Intn(4) == 0 {
			s.To = Date{}
		}
		stops = append(stops, s)
		at = s.end().AddDays(1 + r.Intn(15))
	}
	return start, l, stops
}

func TestWorkdayProperties(t *testing.T) {
	c := loadCal(t)
	r := rand.New(rand.NewSource(1))
	for range 20000 {
		d := md("2024-01-01").AddDays(r.Intn(3 * 365))
		n, m := r.Intn(61), r.Intn(61)
		e := c.AddWorkdays(d, n)
		if n > 0 && !c.IsWorkday(e) {
			t.Fatalf("%s + %d = %s is not a working day", d, n, e)
		}
		if got, want := c.AddWorkdays(e, m), c.AddWorkdays(d, n+m); got != want {
			t.Fatalf("(%s + %d) + %d = %s, but %s + %d = %s", d, n, m, got, d, n+m, want)
		}
		if got := c.WorkdaysBetween(d, e); got != n {
			t.Fatalf("WorkdaysBetween(%s, %s) = %d, want %d", d, e, got, n)
		}
		if n > 0 && c.AddWorkdays(e, -n) != c.AddWorkdays(c.AddWorkdays(d, 1), -1) {
			t.Fatalf("%s - %d = %s does not come back to the first working day from %s", e, n, c.AddWorkdays(e, -n), d)
		}
	}
}

func TestDueDateMatchesDayByDay(t *testing.T) {
	tables := loadTables(t)
	c, isWork := New(tables), naiveWorkday(tables)
	r := rand.New(rand.NewSource(2))
	for range 20000 {
		start, l, stops := randomCase(r)
		got, err := c.DueDate(start, l, stops)
		if err != nil {
			t.Fatalf("%s %s %v: %v", start, l, stops, err)
		}
		if want := naiveDue(isWork, start, l, stops); got.Date != want {
			t.Fatalf("%s + %s with stops %v = %s, want %s", start, l, stops, got.Date, want)
		}
		if l.Days > 0 && !c.IsWorkday(got.Date) {
			t.Fatalf("%s + %s: due %s is not a working day", start, l, got.Date)
		}
		if got.Date.Year() > 2026 && len(got.Uncovered) == 0 {
			t.Fatalf("%s + %s: due %s in 2027 not flagged", start, l, got.Date)
		}
	}
}
