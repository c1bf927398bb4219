package calendar

import (
	"maps"
	"slices"
	"sync"
)

// Calendar answers which days are working days. It is immutable, so one
// value can serve every screen and goroutine; With returns an updated copy.
// A year with an official table (国务院办公厅 notice) is counted from it; a
// year without one from the statutory holidays (StatutoryDays), and
// reported by Uncovered. A nil *Calendar covers no year.
type Calendar struct {
	tables  map[int]Year
	years   []int // sorted
	lo      int   // the first year of covered and delta
	first   int32 // Date number of 1 January of lo
	covered []bool
	// delta[i] is the number of working days minus the number of Mondays to
	// Fridays among the i days from first: the holiday tables, and the
	// statutory holidays of the years between and after them, folded into a
	// prefix sum, so that counting working days between any two dates is
	// two array reads and a division.
	delta []int32
}

// New builds a calendar from tables as ParseTables returns them; each Year
// should pass Check. Years outside 2000–2199 and dates outside their year
// are left out rather than guessed at, so such a year stays uncovered.
// Uncovered years from the first table (or statutoryFirst) through
// statutoryLast count the statutory holidays; beyond, weekends only.
func New(tables map[int]Year) *Calendar {
	c := &Calendar{tables: make(map[int]Year, len(tables))}
	for y, t := range tables {
		if y >= minTableYear && y <= maxTableYear {
			c.tables[y] = Year{Off: slices.Clone(t.Off), Makeup: slices.Clone(t.Makeup)}
		}
	}
	c.years = slices.Sorted(maps.Keys(c.tables))
	lo, hi := statutoryFirst, statutoryLast
	if len(c.years) > 0 {
		lo, hi = min(lo, c.years[0]), max(hi, c.years[len(c.years)-1])
	}
	c.lo, c.first = lo, fromCivil(lo, 1, 1).n
	days := int(fromCivil(hi+1, 1, 1).n - c.first)
	adj := make([]int8, days) // +1 make-up day, -1 weekday off
	c.covered = make([]bool, hi-lo+1)
	for y := lo; y <= hi; y++ {
		t, ok := c.tables[y]
		c.covered[y-lo] = ok
		if !ok {
			t = Year{Off: StatutoryDays(y)}
		}
		for _, d := range t.Off {
			if d.Year() == y && weekday(d.n) {
				adj[d.n-c.first] = -1
			}
		}
		for _, d := range t.Makeup {
			if d.Year() == y && !weekday(d.n) {
				adj[d.n-c.first] = 1
			}
		}
	}
	c.delta = make([]int32, days+1)
	for i, a := range adj {
		c.delta[i+1] = c.delta[i] + int32(a)
	}
	return c
}

// With returns a calendar with year's table replaced by y, as when the
// platform sends next year's arrangement or a correction. c is unchanged.
func (c *Calendar) With(year int, y Year) (*Calendar, error) {
	if err := y.Check(year); err != nil {
		return nil, err
	}
	tables := map[int]Year{year: y}
	if c != nil {
		for k, v := range c.tables {
			if k != year {
				tables[k] = v
			}
		}
	}
	return New(tables), nil
}

// Covers reports whether the calendar has the official table of year.
func (c *Calendar) Covers(year int) bool {
	if c == nil {
		return false
	}
	i := year - c.lo
	return i >= 0 && i < len(c.covered) && c.covered[i]
}

// Years lists the covered years in order.
func (c *Calendar) Years() []int {
	if c == nil {
		return nil
	}
	return slices.Clone(c.years)
}

// Uncovered lists the years from a's through b's (in either order) that
// have no table: the years whose answers count the statutory holidays
// only (or weekends only, past statutoryLast), a provisional guess.
func (c *Calendar) Uncovered(a, b Date) []int {
	if b.Before(a) {
		a, b = b, a
	}
	var out []int
	for y, end := a.Year(), b.Year(); y <= end; y++ {
		if !c.Covers(y) {
			out = append(out, y)
		}
	}
	return out
}

// lawOnly is the calendar with no table at all: statutory holidays only.
// A nil *Calendar counts with it.
var lawOnly = sync.OnceValue(func() *Calendar { return New(nil) })

func weekday(n int32) bool { r := floorMod(int(n), 7); return r >= 1 && r <= 5 }

// cum is the number of working days before day n, counted from day 0 (a
// Sunday): the Mondays to Fridays plus the table's corrections.
func (c *Calendar) cum(n int32) int {
	q := floorDiv(int(n), 7)
	w := 5*q + min(max(int(n)-7*q-1, 0), 5)
	if c == nil {
		c = lawOnly()
	}
	if len(c.delta) == 0 {
		return w
	}
	i := int(n - c.first)
	switch {
	case i <= 0:
		return w
	case i >= len(c.delta):
		return w + int(c.delta[len(c.delta)-1])
	}
	return w + int(c.delta[i])
}
