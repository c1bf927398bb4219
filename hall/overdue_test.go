package hall

import (
	"testing"
	"time"
)

// TestOverdueReasonKeepsTheState: the reason is recorded only on an
// accepted case past its promised date, and moves no state.
func TestOverdueReasonKeepsTheState(t *testing.T) {
	at := time.Date(2026, 6, 12, 10, 0, 0, 0, Zone)
	ev := Event{Action: ActOverdueReason, At: at, Reason: "需现场核查"}
	for _, s := range []State{StateAccepted, StateReview, StateSpecial, StateDecided, StateDelivered} {
		c := &Case{No: "N", State: s, PromiseDue: "2026-06-11"}
		got, err := Apply(c, ev)
		if err != nil || c.State != s || got.From != s || got.To != s || c.OverdueReason != "需现场核查" {
			t.Errorf("%s: %v, state %s, reason %q", s, err, c.State, c.OverdueReason)
		}
	}
	for _, s := range []State{StateReceived, StateCorrection, StateRefused, StateEnquiry} {
		if _, err := Apply(&Case{State: s, PromiseDue: "2026-06-11"}, ev); ErrorCode(err) != EConflict {
			t.Errorf("%s: %v, want a conflict", s, err)
		}
	}
	// Finished on its due day: never overdue, whenever the reason comes.
	done := &Case{State: StateDecided, PromiseDue: "2026-06-11", FinishedAt: time.Date(2026, 6, 11, 16, 0, 0, 0, Zone)}
	if _, err := Apply(done, ev); ErrorCode(err) != EConflict {
		t.Errorf("a case finished on time: %v", err)
	}
}
