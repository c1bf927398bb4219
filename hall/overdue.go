package hall

import (
	"strings"
	"unicode/utf8"
)

// 超期原因: a supervisor records why an accepted case ran past its promised
// date (电子监察 asks for it). It is an event like any other — kept, audited,
// pushed to the platform — that leaves the case's state as it is.

// MaxOverdueReason bounds the reason, in characters.
const MaxOverdueReason = 500

// overdueStates are the states in which a case can be overdue: accepted and
// not refused.
var overdueStates = map[State]bool{StateAccepted: true, StateReview: true, StateSpecial: true,
	StateDecided: true, StateDelivered: true}

// Overdue reports whether c, seen at t, is past its promised date: finished
// after it, or still open after it (the hall's days). A withdrawn case
// never is.
func Overdue(c *Case, t string) bool {
	if c.PromiseDue == "" || c.State == StateWithdrawn { // withdrawn: closed, never overdue
		return false
	}
	day := t
	if !c.FinishedAt.IsZero() {
		day = HallDay(c.FinishedAt)
	}
	return day > c.PromiseDue
}

func checkOverdueReason(c *Case, ev Event) error {
	reason := strings.TrimSpace(ev.Reason)
	switch {
	case reason == "":
		return Errorf(EInvalid, "请填写超期原因")
	case utf8.RuneCountInString(reason) > MaxOverdueReason:
		return Errorf(EInvalid, "超期原因不能超过%d个字，现为%d个字", MaxOverdueReason, utf8.RuneCountInString(reason))
	case !Overdue(c, HallDay(ev.At)):
		return Errorf(EConflict, "办件 %s 未超期（承诺办结日期 %s），不能登记超期原因", c.No, c.PromiseDue)
	}
	return nil
}

// Permission is what the logged-in user needs to record action a.
func (a Action) Permission() (Permission, string) {
	if a == ActOverdueReason {
		return PermSupervise, "登记超期原因"
	}
	return PermHandleCases, "办理办件"
}
