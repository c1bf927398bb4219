package calendar

import "testing"

// holidayPeriods lists every official holiday period of the bundled years
// (DOMAIN.md) with the first working day after it, worked out by hand from
// the notices (a make-up Saturday or Sunday counts).
var holidayPeriods = []struct {
	name, first, last, next string
}{
	{"2024元旦", "2024-01-01", "2024-01-01", "2024-01-02"},
	{"2024春节", "2024-02-10", "2024-02-17", "2024-02-18"}, // make-up Sunday
	{"2024清明", "2024-04-04", "2024-04-06", "2024-04-07"}, // make-up Sunday
	{"2024劳动节", "2024-05-01", "2024-05-05", "2024-05-06"},
	{"2024端午", "2024-06-08", "2024-06-10", "2024-06-11"}, // weekend + Monday off
	{"2024中秋", "2024-09-15", "2024-09-17", "2024-09-18"},
	{"2024国庆", "2024-10-01", "2024-10-07", "2024-10-08"},
	{"2025元旦", "2025-01-01", "2025-01-01", "2025-01-02"},
	{"2025春节", "2025-01-28", "2025-02-04", "2025-02-05"},
	{"2025清明", "2025-04-04", "2025-04-06", "2025-04-07"},
	{"2025劳动节", "2025-05-01", "2025-05-05", "2025-05-06"},
	{"2025端午", "2025-05-31", "2025-06-02", "2025-06-03"},
	{"2025国庆", "2025-10-01", "2025-10-08", "2025-10-09"},
	{"2026元旦", "2026-01-01", "2026-01-03", "2026-01-04"}, // make-up Sunday
	{"2026春节", "2026-02-15", "2026-02-23", "2026-02-24"},
	{"2026清明", "2026-04-04", "2026-04-06", "2026-04-07"},
	{"2026劳动节", "2026-05-01", "2026-05-05", "2026-05-06"},
	{"2026端午", "2026-06-19", "2026-06-21", "2026-06-22"},
	{"2026中秋", "2026-09-25", "2026-09-27", "2026-09-28"},
	{"2026国庆", "2026-10-01", "2026-10-07", "2026-10-08"},
}

// TestEveryHolidayPeriod: a natural-day period that ends on any day of a
// holiday is due on the first working day after it; a working-day period
// of one day from the eve of the holiday is due on that same day; and no
// day of the period is a working day.
func TestEveryHolidayPeriod(t *testing.T) {
	c := loadCal(t)
	for _, p := range holidayPeriods {
		first, last, next := md(p.first), md(p.last), md(p.next)
		for d := first; !d.After(last); d = d.AddDays(1) {
			if c.IsWorkday(d) {
				t.Errorf("%s: %s counted as a working day", p.name, d)
			}
			for _, n := range []int{1, 5, 10} {
				start := d.AddDays(-n)
				got, err := c.DueDate(start, nat(n), nil)
				// Only a count that runs through 2023, which has no table, is provisional.
				provisional := start.AddDays(1).Year() < 2024
				if err != nil || got.Date != next || got.Provisional() != provisional {
					t.Errorf("%s: %s + %d自然日 = %s (%v, provisional %v), want %s", p.name, start, n, got.Date, err,
						got.Provisional(), next)
				}
			}
		}
		eve := c.AddWorkdays(first, -1)
		if got, _ := c.DueDate(eve, work(1), nil); got.Date != next {
			t.Errorf("%s: %s + 1工作日 = %s, want %s", p.name, eve, got.Date, next)
		}
		// A stop over the whole holiday changes nothing: those days were
		// not counted anyway.
		withStop, _ := c.DueDate(eve, work(3), []Stop{{From: first, To: last}})
		plain, _ := c.DueDate(eve, work(3), nil)
		if withStop.Date != plain.Date {
			t.Errorf("%s: a stop over the holiday moved the due date %s → %s", p.name, plain.Date, withStop.Date)
		}
	}
}
