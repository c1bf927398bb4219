package calendar

import (
	"testing"
	"time"
)

// A result decided just before the National Day holidays has not waited ten
// working days when ten natural days have passed; Art. 44's ten days are
// working days (Art. 82), the 2025 make-up Saturday (10-11) one of them.
func TestDeliveryWait(t *testing.T) {
	cal := loadCal(t)
	at := func(s string) time.Time {
		d := md(s)
		return d.Start().Add(15 * time.Hour)
	}
	decided := at("2025-09-29").Add(-14 * time.Hour) // 01:00 hall time, so the UTC day is the day before
	for _, c := range []struct {
		now  string
		days int
		late bool
	}{
		{"2025-09-29", 0, false},
		{"2025-09-30", 1, false},
		{"2025-10-08", 1, false}, // holiday: no working day
		{"2025-10-11", 4, false}, // the make-up Saturday counts
		{"2025-10-20", 10, false},
		{"2025-10-21", 11, true},
	} {
		days, late := cal.DeliveryWait(decided.UTC(), at(c.now).UTC())
		if days != c.days || late != c.late {
			t.Errorf("decided 2025-09-29, on %s: %d days late=%v, want %d %v", c.now, days, late, c.days, c.late)
		}
	}
	if d, late := cal.DeliveryWait(time.Time{}, at("2025-10-21")); d != 0 || late {
		t.Errorf("no decision: %d %v", d, late)
	}
}
