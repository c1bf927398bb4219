package calendar

import "testing"

// Every expected date below was worked out by hand from the State Council
// notices (see DOMAIN.md); the comments give the weekdays.
var addWorkdayCases = []struct {
	from string
	n    int
	want string
}{
	// 2024 元旦 and 春节: off 1/1, 2/10–2/17; make-up Sun 2/4, Sun 2/18.
	{"2024-01-01", 1, "2024-01-02"}, // Mon off → Tue
	{"2024-02-02", 1, "2024-02-04"}, // Fri → make-up Sun
	{"2024-02-09", 1, "2024-02-18"}, // Fri → make-up Sun after the holiday
	{"2024-02-09", 2, "2024-02-19"},
	{"2024-02-08", 2, "2024-02-18"}, // Thu: Fri 2/9, then Sun 2/18
	// 2024 清明: off Thu 4/4–Sat 4/6; make-up Sun 4/7.
	{"2024-04-03", 1, "2024-04-07"},
	{"2024-04-03", 2, "2024-04-08"},
	// 2024 劳动节: off Wed 5/1–Sun 5/5; make-up Sun 4/28, Sat 5/11.
	{"2024-04-26", 1, "2024-04-28"},
	{"2024-04-28", 1, "2024-04-29"},
	{"2024-04-30", 1, "2024-05-06"},
	{"2024-05-10", 1, "2024-05-11"},
	{"2024-05-10", 2, "2024-05-13"},
	// 2024 端午: off Mon 6/10.
	{"2024-06-07", 1, "2024-06-11"},
	// 2024 中秋: off Sun 9/15–Tue 9/17; make-up Sat 9/14.
	{"2024-09-13", 1, "2024-09-14"},
	{"2024-09-13", 2, "2024-09-18"},
	// 2024 国庆: off Tue 10/1–Mon 10/7; make-up Sun 9/29, Sat 10/12.
	{"2024-09-27", 1, "2024-09-29"},
	{"2024-09-29", 1, "2024-09-30"},
	{"2024-09-30", 1, "2024-10-08"},
	{"2024-10-11", 1, "2024-10-12"},
	{"2024-10-11", 2, "2024-10-14"},
	// 2025 元旦: off Wed 1/1.
	{"2024-12-31", 1, "2025-01-02"},
	// 2025 春节: off Tue 1/28–Tue 2/4; make-up Sun 1/26, Sat 2/8.
	{"2025-01-24", 1, "2025-01-26"},
	{"2025-01-24", 2, "2025-01-27"},
	{"2025-01-24", 3, "2025-02-05"},
	{"2025-01-27", 1, "2025-02-05"},
	{"2025-02-07", 1, "2025-02-08"},
	{"2025-02-07", 2, "2025-02-10"},
	// 2025 清明: off Fri 4/4–Sun 4/6.
	{"2025-04-03", 1, "2025-04-07"},
	// 2025 劳动节: off Thu 5/1–Mon 5/5; make-up Sun 4/27.
	{"2025-04-25", 1, "2025-04-27"},
	{"2025-04-30", 1, "2025-05-06"},
	// 2025 端午: off Sat 5/31–Mon 6/2.
	{"2025-05-30", 1, "2025-06-03"},
	// 2025 国庆/中秋: off Wed 10/1–Wed 10/8; make-up Sun 9/28, Sat 10/11.
	{"2025-09-26", 1, "2025-09-28"},
	{"2025-09-30", 1, "2025-10-09"},
	{"2025-10-10", 1, "2025-10-11"},
	{"2025-09-26", 20, "2025-10-30"},
	// 2026 元旦: off Thu 1/1–Sat 1/3; make-up Sun 1/4.
	{"2025-12-31", 1, "2026-01-04"},
	{"2025-12-31", 2, "2026-01-05"},
	// 2026 春节: off Sun 2/15–Mon 2/23; make-up Sat 2/14, Sat 2/28.
	{"2026-02-13", 1, "2026-02-14"},
	{"2026-02-13", 2, "2026-02-24"},
	{"2026-02-27", 1, "2026-02-28"},
	{"2026-02-27", 2, "2026-03-02"},
	{"2026-02-10", 20, "2026-03-16"},
	// 2026 清明: off Sat 4/4–Mon 4/6.
	{"2026-04-03", 1, "2026-04-07"},
	// 2026 劳动节: off Fri 5/1–Tue 5/5; make-up Sat 5/9.
	{"2026-04-30", 1, "2026-05-06"},
	{"2026-05-08", 1, "2026-05-09"},
	{"2026-05-08", 2, "2026-05-11"},
	// 2026 端午: off Fri 6/19–Sun 6/21.
	{"2026-06-18", 1, "2026-06-22"},
	// 2026 中秋: off Fri 9/25–Sun 9/27; make-up Sun 9/20.
	{"2026-09-18", 1, "2026-09-20"},
	{"2026-09-24", 1, "2026-09-28"},
	// 2026 国庆: off Thu 10/1–Wed 10/7; make-up Sat 10/10.
	{"2026-09-30", 1, "2026-10-08"},
	{"2026-10-09", 1, "2026-10-10"},
	{"2026-10-09", 2, "2026-10-12"},
}

func TestAddWorkdaysAcrossHolidays(t *testing.T) {
	c := loadCal(t)
	for _, tc := range addWorkdayCases {
		from, want := md(tc.from), md(tc.want)
		if got := c.AddWorkdays(from, tc.n); got != want {
			t.Errorf("%s + %d 工作日 = %s, want %s", tc.from, tc.n, got, tc.want)
		}
		if got := c.WorkdaysBetween(from, want); got != tc.n {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tc.from, tc.want, got, tc.n)
		}
		if tc.n == 1 {
			if got := c.AddWorkdays(want, -1); c.IsWorkday(from) && got != from {
				t.Errorf("%s - 1 工作日 = %s, want %s", tc.want, got, tc.from)
			}
		}
	}
}

// TestIsWorkdayMatchesTable checks every day from December 2023 to January
// 2028 against the plain rule applied to the raw table (and to the
// statutory holidays after it).
func TestIsWorkdayMatchesTable(t *testing.T) {
	tables := loadTables(t)
	isWork := naiveWorkday(tables)
	c := New(tables)
	for d := md("2023-12-01"); d.Before(md("2028-02-01")); d = d.AddDays(1) {
		want := isWork(d)
		if c.IsWorkday(d) != want {
			t.Errorf("IsWorkday(%s %s) = %v, want %v", d, d.Weekday(), !want, want)
		}
	}
}

func TestWorkdaysBetweenReversed(t *testing.T) {
	c := loadCal(t)
	a, b := md("2025-09-30"), md("2025-10-09")
	if c.WorkdaysBetween(a, b) != 1 || c.WorkdaysBetween(b, a) != -1 || c.WorkdaysBetween(a, a) != 0 {
		t.Errorf("got %d %d", c.WorkdaysBetween(a, b), c.WorkdaysBetween(b, a))
	}
	// A whole covered year: 366 days of 2024 minus 104 weekend days, minus
	// 19 weekdays off, plus 8 make-up days = 251.
	if got := c.WorkdaysBetween(md("2023-12-31"), md("2024-12-31")); got != 251 {
		t.Errorf("working days in 2024 = %d, want 251", got)
	}
}
