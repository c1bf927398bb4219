package calendar

import (
	"encoding/json"
	"testing"

	"yichuang/hall"
)

// extendEvent is a 延期 of days working days at s.
func extendEvent(s string, days int) hall.Event {
	data, _ := json.Marshal(hall.Notice{Kind: hall.DocExtension,
		Extension: &hall.Extension{Approver: "李局长", Reason: "需现场核查", Days: days}})
	return hall.Event{Action: hall.ActExtend, At: at(s), Data: data}
}

// TestExtensionMovesOnlyTheLegalDate: a 延期 of 10 working days (Art. 42)
// moves the legal due date 10 working days on, over the New Year's
// holiday, and leaves the promised date where it was.
func TestExtensionMovesOnlyTheLegalDate(t *testing.T) {
	c := loadCal(t)
	lim := Limits{Promise: work(10), Legal: work(20)}
	base := evs(hall.ActReceive, "2025-12-01 09:00", hall.ActAccept, "2025-12-01 09:30")
	p0, l0, err := c.DueDates(lim, at("2025-12-01 09:30"), base)
	if err != nil {
		t.Fatal(err)
	}
	ext := append(base, extendEvent("2025-12-20 10:00", 10))
	p1, l1, err := c.DueDates(lim, at("2025-12-01 09:30"), ext)
	if err != nil {
		t.Fatal(err)
	}
	if p1.Date != p0.Date {
		t.Errorf("the promised date moved: %s → %s", p0.Date, p1.Date)
	}
	// 20 working days from 12-01: 12-29; 30: 2026-01-13 (1/1–1/3 off, Sunday 1/4 a make-up working day).
	if l0.Date.String() != "2025-12-29" || l1.Date.String() != "2026-01-13" {
		t.Errorf("legal due %s → %s, want 2025-12-29 → 2026-01-13", l0.Date, l1.Date)
	}
	if got := c.WorkdaysBetween(l0.Date, l1.Date); got != 10 {
		t.Errorf("the extension moved the legal date %d working days, want 10", got)
	}
	// A legal limit in natural days gets the working days after its date.
	natLim := Limits{Promise: work(10), Legal: hall.Limit{Days: 30, Unit: hall.NaturalDays}}
	_, n0, _ := c.DueDates(natLim, at("2025-12-01 09:30"), base)
	_, n1, err := c.DueDates(natLim, at("2025-12-01 09:30"), ext)
	if err != nil || c.WorkdaysBetween(n0.Date, n1.Date) != 10 {
		t.Errorf("natural-day legal limit: %s → %s (%v)", n0.Date, n1.Date, err)
	}
}
