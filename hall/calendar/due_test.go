package calendar

import (
	"slices"
	"testing"

	"yichuang/hall"
)

var (
	work = func(n int) hall.Limit { return hall.Limit{Days: n, Unit: hall.WorkingDays} }
	nat  = func(n int) hall.Limit { return hall.Limit{Days: n, Unit: hall.NaturalDays} }
)

func stop(from, to string) Stop {
	s := Stop{From: md(from)}
	if to != "" {
		s.To = md(to)
	}
	return s
}

func TestDueDate(t *testing.T) {
	c := loadCal(t)
	cases := []struct {
		name      string
		start     string
		limit     hall.Limit
		stops     []Stop
		want      string
		uncovered []int
		open      bool
	}{
		{"工作日跨国庆", "2025-09-30", work(1), nil, "2025-10-09", nil, false},
		{"工作日落在调休周六", "2026-02-13", work(1), nil, "2026-02-14", nil, false},
		{"20个工作日跨春节", "2026-02-10", work(20), nil, "2026-03-16", nil, false},
		{"受理日为假日", "2026-02-15", work(1), nil, "2026-02-24", nil, false},
		{"自然日落在国庆", "2025-09-26", nat(5), nil, "2025-10-09", nil, false},
		{"自然日落在春节", "2026-02-10", nat(7), nil, "2026-02-24", nil, false},
		{"自然日落在中秋", "2024-09-10", nat(5), nil, "2024-09-18", nil, false},
		{"自然日落在普通周六", "2026-01-05", nat(5), nil, "2026-01-12", nil, false},
		{"自然日落在调休周日", "2024-02-01", nat(3), nil, "2024-02-04", nil, false},
		{"自然日跨元旦", "2025-12-30", nat(2), nil, "2026-01-04", nil, false},
		{"即办件", "2026-03-03", work(0), nil, "2026-03-03", nil, false},
		{"即办件在假日", "2026-02-15", hall.Limit{}, nil, "2026-02-15", nil, false},
		{"即办件在无表年份", "2027-03-01", work(0), nil, "2027-03-01", nil, false},

		// Stops cover From through To; the clock runs again the next day.
		{"挂起跨国庆", "2025-09-22", work(5), []Stop{stop("2025-09-24", "2025-10-10")}, "2025-10-15", nil, false},
		{"受理当日即挂起", "2026-02-10", work(3), []Stop{stop("2026-02-10", "2026-02-13")}, "2026-02-25", nil, false},
		{"挂起一天", "2026-03-02", work(2), []Stop{stop("2026-03-03", "2026-03-03")}, "2026-03-05", nil, false},
		{"挂起落在原到期日", "2026-03-02", work(2), []Stop{stop("2026-03-04", "2026-03-04")}, "2026-03-05", nil, false},
		{"到期后才挂起", "2026-03-02", work(2), []Stop{stop("2026-03-10", "2026-03-20")}, "2026-03-04", nil, false},
		{"两段挂起跨清明", "2024-04-01", work(5),
			[]Stop{stop("2024-04-08", "2024-04-09"), stop("2024-04-02", "2024-04-02")}, "2024-04-12", nil, false},
		{"相邻挂起", "2024-04-01", work(1),
			[]Stop{stop("2024-04-02", "2024-04-03"), stop("2024-04-04", "2024-04-08")}, "2024-04-09", nil, false},
		{"挂起未结束", "2026-03-02", work(5), []Stop{stop("2026-03-04", "")}, "2026-03-10", nil, true},
		{"自然日挂起", "2026-03-02", nat(7), []Stop{stop("2026-03-03", "2026-03-05")}, "2026-03-12", nil, false},
		{"自然日顺延遇挂起", "2026-03-02", nat(5), []Stop{stop("2026-03-09", "2026-03-10")}, "2026-03-11", nil, false},

		// Years without a table: the statutory holidays only, and flagged.
		{"2027年", "2027-03-01", work(5), nil, "2027-03-08", []int{2027}, false},
		{"2026跨2027：元旦周五依法放假", "2026-12-24", work(10), nil, "2027-01-08", []int{2027}, false},
		{"自然日落在2027元旦：顺延过周末", "2026-12-30", nat(2), nil, "2027-01-04", []int{2027}, false},
		{"2026年内不标记", "2026-12-01", work(5), nil, "2026-12-08", nil, false},
		{"2023跨2024", "2023-12-30", nat(2), nil, "2024-01-02", []int{2023}, false},
		{"2026年末受理次日起算：元旦不计", "2026-12-31", work(1), nil, "2027-01-04", []int{2027}, false},
	}
	for _, tc := range cases {
		got, err := c.DueDate(md(tc.start), tc.limit, tc.stops)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got.Date != md(tc.want) || !slices.Equal(got.Uncovered, tc.uncovered) || got.Open != tc.open {
			t.Errorf("%s: %s + %s = %s %v open=%v, want %s %v open=%v", tc.name, tc.start, tc.limit,
				got.Date, got.Uncovered, got.Open, tc.want, tc.uncovered, tc.open)
		}
		if got.Provisional() != (tc.open || len(tc.uncovered) > 0) {
			t.Errorf("%s: Provisional() = %v", tc.name, got.Provisional())
		}
	}
}

func TestDueDateRejects(t *testing.T) {
	c := loadCal(t)
	start := md("2026-03-02")
	cases := []struct {
		limit hall.Limit
		stops []Stop
		names []string
	}{
		{work(-1), nil, []string{"-1"}},
		{work(3651), nil, []string{"3651"}},
		{hall.Limit{Days: 5, Unit: "小时"}, nil, []string{"小时"}},
		{hall.Limit{Days: 0, Unit: "月"}, nil, []string{"月"}},
		{hall.Limit{Days: 5}, nil, []string{"5"}},
		{work(5), []Stop{stop("2026-03-10", "2026-03-05")}, []string{"2026-03-05", "2026-03-10"}},
		{work(5), []Stop{stop("2026-03-03", "2026-03-05"), stop("2026-03-05", "2026-03-08")},
			[]string{"2026-03-03", "2026-03-05", "2026-03-08"}},
		{work(5), []Stop{stop("2026-03-03", "2026-03-09"), stop("2026-03-04", "2026-03-05")},
			[]string{"2026-03-04"}},
		{work(5), []Stop{stop("2026-03-01", "2026-03-05")}, []string{"2026-03-01", "2026-03-02"}},
		{work(5), []Stop{stop("2026-03-03", ""), stop("2026-03-10", "2026-03-11")}, []string{"2026-03-03", "2026-03-10"}},
		{work(5), []Stop{{To: md("2026-03-05")}}, nil},
		{work(0), []Stop{stop("2026-03-05", "2026-03-04")}, []string{"2026-03-04"}},
	}
	for i, tc := range cases {
		got, err := c.DueDate(start, tc.limit, tc.stops)
		if err == nil {
			t.Errorf("case %d: %s %v accepted: %s", i, tc.limit, tc.stops, got.Date)
			continue
		}
		wantInvalid(t, err, tc.names...)
	}
	if _, err := c.DueDate(Date{}, work(5), nil); err == nil {
		t.Error("zero start accepted")
	} else {
		wantInvalid(t, err)
	}
}

// TestDueDateOpenStopDoesNotTouchInput makes sure sorting a caller's
// unsorted stops happens on a copy.
func TestDueDateOpenStopDoesNotTouchInput(t *testing.T) {
	c := loadCal(t)
	stops := []Stop{stop("2024-04-08", "2024-04-09"), stop("2024-04-02", "2024-04-02")}
	before := slices.Clone(stops)
	if _, err := c.DueDate(md("2024-04-01"), work(5), stops); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(stops, before) {
		t.Error("DueDate reordered the caller's stops")
	}
}
