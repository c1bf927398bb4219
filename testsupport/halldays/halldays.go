// Package halldays is what tests of the hall's dates share: the bundled
// holiday tables (the ones the desk ships), days written as text and
// times of day in the hall. Tests only.
package halldays

import (
	"testing"
	"time"

	"yichuang/assets"
	"yichuang/hall/calendar"
)

// Tables are the bundled official holiday tables (2024–2026).
func Tables(t testing.TB) map[int]calendar.Year {
	t.Helper()
	tables, err := calendar.ParseTables(assets.Holidays)
	if err != nil {
		t.Fatal(err)
	}
	return tables
}

// Calendar is the working-day calendar of the bundled tables.
func Calendar(t testing.TB) *calendar.Calendar {
	t.Helper()
	return calendar.New(Tables(t))
}

// Day is the date s (YYYY-MM-DD); a malformed s is the test's own mistake.
func Day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// At10 is 10:00 in the hall on day s; "" is the zero time.
func At10(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	return Day(s).Start().Add(10 * time.Hour)
}
