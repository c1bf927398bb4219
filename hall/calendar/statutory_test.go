package calendar

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"yichuang/hall"
)

// sharedTables reads the independent holiday data set kept beside the
// repository (shared/holidays-cn-2024-2026.json), compiled apart from the
// bundled table.
func sharedTables(t *testing.T) map[int]Year {
	t.Helper()
	for _, dir := range []string{"../../../shared", "../../../../shared"} {
		data, err := os.ReadFile(filepath.Join(dir, "holidays-cn-2024-2026.json"))
		if err != nil {
			continue
		}
		tables, err := ParseTables(data)
		if err != nil {
			t.Fatal(err)
		}
		return tables
	}
	t.Fatal("shared/holidays-cn-2024-2026.json not found beside the repository")
	return nil
}

// TestStatutoryDaysAreInsideTheNotices: for the years whose notices we
// have, every day the law's rule gives is a day off in the bundled table
// and in the independent data set. 2024 still counts by the 2013 text
// (11 days: no 除夕, 劳动节 one day); 2025 on by the 2024 revision (13).
func TestStatutoryDaysAreInsideTheNotices(t *testing.T) {
	bundled, shared := loadTables(t), sharedTables(t)
	want := map[int]int{2024: 11, 2025: 13, 2026: 13}
	for year, n := range want {
		days := StatutoryDays(year)
		if len(days) != n {
			t.Errorf("%d: %d statutory days %v, want %d", year, len(days), days, n)
		}
		for name, tables := range map[string]map[int]Year{"bundled": bundled, "shared": shared} {
			for _, d := range days {
				if !slices.Contains(tables[year].Off, d) {
					t.Errorf("%s table %d: statutory day %s is not a day off", name, year, d)
				}
			}
		}
	}
}

// TestStatutoryDays2027 checks 2027 against dates worked out by hand from
// the almanac: 春节 (正月初一) Sat 2/6, so 除夕 Fri 2/5 and 初二, 初三 Sun 2/7,
// Mon 2/8; 清明 Mon 4/5; 端午 Wed 6/9; 中秋 Wed 9/15. Seven of the thirteen
// days are weekdays.
func TestStatutoryDays2027(t *testing.T) {
	var want []Date
	for _, s := range []string{"2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-04-05",
		"2027-05-01", "2027-05-02", "2027-06-09", "2027-09-15", "2027-10-01", "2027-10-02", "2027-10-03"} {
		want = append(want, md(s))
	}
	if got := StatutoryDays(2027); !slices.Equal(got, want) {
		t.Fatalf("2027 = %v, want %v", got, want)
	}
	c := loadCal(t)
	var weekdaysOff []string
	for d := md("2027-01-01"); d.Year() == 2027; d = d.AddDays(1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && !c.IsWorkday(d) {
			weekdaysOff = append(weekdaysOff, d.String())
		}
	}
	if !slices.Equal(weekdaysOff, []string{"2027-01-01", "2027-02-05", "2027-02-08", "2027-04-05", "2027-06-09",
		"2027-09-15", "2027-10-01"}) {
		t.Errorf("2027 weekdays off = %v", weekdaysOff)
	}
	if c.Covers(2027) {
		t.Error("2027 counted from the law must stay uncovered (暂定)")
	}
	// 2028: 中秋 falls on 10/3, already 国庆: twelve distinct days.
	if got := StatutoryDays(2028); len(got) != 12 || !slices.Contains(got, md("2028-10-03")) {
		t.Errorf("2028 = %v", got)
	}
	if StatutoryDays(statutoryFirst-1) != nil || StatutoryDays(statutoryLast+1) != nil {
		t.Error("years outside the conversion table must have no statutory days")
	}
}

// The limits of the check against the independent data set: working-day
// limits 1–60 and natural-day limits 1–60 as items state them.
var (
	checkWorkingLimits = []int{1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60}
	checkNaturalLimits = []int{1, 3, 5, 7, 10, 15, 30, 60}
)

// TestStatutoryDaysMove2027DueDates counts, over every start date of 2026
// and the 19 limits above, the due dates that run into 2027 (404) and how
// many of them the statutory holidays move compared with weekends only
// (285: every working-day date, since 元旦 is a Friday, and the natural-day
// dates that land on a day off). Each new date is checked against a
// day-by-day walk over the law's days, and flagged 暂定.
func TestStatutoryDaysMove2027DueDates(t *testing.T) {
	tables := loadTables(t)
	c := New(tables)
	weekendsOnly := naiveTableOnly(tables)
	law := naiveWorkday(tables)
	into2027, moved := 0, 0
	for start := md("2026-01-01"); start.Year() == 2026; start = start.AddDays(1) {
		for unit, limits := range map[hall.Unit][]int{hall.WorkingDays: checkWorkingLimits, hall.NaturalDays: checkNaturalLimits} {
			for _, n := range limits {
				l := hall.Limit{Days: n, Unit: unit}
				before := naiveDue(weekendsOnly, start, l, nil)
				if before.Year() < 2027 {
					continue
				}
				into2027++
				due, err := c.DueDate(start, l, nil)
				if err != nil {
					t.Fatal(err)
				}
				if want := naiveDue(law, start, l, nil); due.Date != want {
					t.Fatalf("%s + %s = %s, day by day %s", start, l, due.Date, want)
				}
				if !slices.Equal(due.Uncovered, []int{2027}) || !due.Provisional() {
					t.Fatalf("%s + %s = %s not flagged 暂定: %v", start, l, due.Date, due.Uncovered)
				}
				if due.Date != before {
					moved++
				}
			}
		}
	}
	if into2027 != 404 || moved != 285 {
		t.Errorf("due dates into 2027 = %d, moved by the statutory holidays = %d; want 404 and 285", into2027, moved)
	}
}
