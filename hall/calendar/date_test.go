package calendar

import (
	"testing"
	"time"
)

func TestDateMatchesTimePackage(t *testing.T) {
	day := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := DateOf(day).AddDays(-1)
	for ; day.Year() < 2200; day = day.AddDate(0, 0, 1) {
		d := DateOf(day)
		if d.Sub(prev) != 1 {
			t.Fatalf("%s: not one day after %s", day.Format(time.DateOnly), prev)
		}
		if d.String() != day.Format(time.DateOnly) || d.Weekday() != day.Weekday() {
			t.Fatalf("%s: got %s %s", day.Format(time.DateOnly), d, d.Weekday())
		}
		if y, m, dd := day.Date(); d.Year() != y || d.Month() != m || d.Day() != dd {
			t.Fatalf("%s: parts %d %d %d", day.Format(time.DateOnly), d.Year(), d.Month(), d.Day())
		}
		if p, err := ParseDate(d.String()); err != nil || p != d {
			t.Fatalf("%s: ParseDate = %s, %v", d, p, err)
		}
		prev = d
	}
}

func TestParseDateRejects(t *testing.T) {
	for _, s := range []string{"2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
		"2026-01-00", "0000-01-01", "2026-2-3", "2026/02/03", "", "abcd-ef-gh", "2026-02-031", "２０２６-01-01"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		} else {
			wantInvalid(t, err, s)
		}
	}
	if d, err := ParseDate("2024-02-29"); err != nil || d.String() != "2024-02-29" {
		t.Errorf("leap day: %s %v", d, err)
	}
}

func TestDateOfUsesOwnLocation(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	late := time.Date(2026, 1, 5, 23, 30, 0, 0, cst)
	early := time.Date(2026, 1, 5, 2, 0, 0, 0, cst) // 2026-01-04 18:00 UTC
	if DateOf(late) != md("2026-01-05") || DateOf(early) != md("2026-01-05") {
		t.Errorf("got %s and %s", DateOf(late), DateOf(early))
	}
	if DateOf(early.UTC()) != md("2026-01-04") {
		t.Errorf("UTC: got %s", DateOf(early.UTC()))
	}
}

func TestZeroDate(t *testing.T) {
	var z Date
	if !z.IsZero() || z.String() != "" || md("0001-01-01").IsZero() {
		t.Error("zero date must be distinct from every real date")
	}
}
