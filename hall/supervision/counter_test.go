package supervision

import (
	"testing"

	"yichuang/hall"
	"yichuang/hall/calendar"
)

// TestInstantCaseOnItsDay: a 即办件 accepted today is the window's to
// decide on the spot: green and not in the due-soon notice; the next day it
// is red like any case past its date. A withdrawn case, long past its date,
// is neither late nor finished in the statistics.
func TestInstantCaseOnItsDay(t *testing.T) {
	instant := kase("I", civil, "王芳", hall.StateAccepted, "2026-03-16", "2026-03-16", "", 0)
	withdrawn := kase("W", civil, "王芳", hall.StateWithdrawn, "2026-02-02", "2026-02-09", "2026-03-02", 5)
	done := kase("F", civil, "王芳", hall.StateDecided, "2026-03-02", "2026-03-09", "2026-03-06", 5)
	snap := Snapshot{Calendar: loadCal(t), Cases: []Case{instant, withdrawn, done}}
	b := Evaluate(snap, day("2026-03-16"), DefaultSettings())
	byNo := map[string]*Row{}
	for i := range b.Rows {
		byNo[b.Rows[i].No] = &b.Rows[i]
	}
	if r := byNo["I"]; r.Light != calendar.Green || r.Late || !r.InstantToday {
		t.Errorf("即办件 on its day: light %s late %v", r.Light, r.Late)
	}
	for _, r := range b.DueSoon() {
		if r.No == "I" {
			t.Error("a 即办件 on its day is in the due-soon notice")
		}
	}
	if r := byNo["W"]; r.Late || r.Early || r.Open() {
		t.Errorf("withdrawn: late %v early %v open %v", r.Late, r.Early, r.Open())
	}
	rows := []*Row{byNo["I"], byNo["W"], byNo["F"]}
	_, total := Group(rows, func(r *Row) string { return r.Department })
	if total.Overdue != 0 || total.Finished != 1 || total.OnTime != 1 {
		t.Errorf("totals %+v: the withdrawn case must count neither as finished nor as overdue", total)
	}
	next := Evaluate(Snapshot{Calendar: loadCal(t), Cases: []Case{instant}}, day("2026-03-17"), DefaultSettings())
	if r := next.Rows[0]; r.Light != calendar.Red || r.InstantToday {
		t.Errorf("即办件 the next day, still undecided: light %s", r.Light)
	}
}
