package hall

import (
	"strings"
	"testing"
	"time"
)

func TestNext(t *testing.T) {
	tests := []struct {
		from   State
		action Action
		to     State
		ok     bool
	}{
		{none, ActEnquire, StateEnquiry, true},
		{none, ActReceive, StateReceived, true},
		{none, ActAccept, none, false},
		{StateEnquiry, ActReceive, StateReceived, true},
		{StateEnquiry, ActAccept, StateEnquiry, false},
		{StateReceived, ActAccept, StateAccepted, true},
		{StateReceived, ActRefuse, StateRefused, true},
		{StateReceived, ActRequestCorrection, StateCorrection, true},
		{StateReceived, ActDecide, StateReceived, false},
		{StateCorrection, ActSupplyCorrection, StateReceived, true},
		{StateCorrection, ActAccept, StateCorrection, false},
		{StateCorrection, ActDecide, StateDecided, true},
		{StateAccepted, ActStartReview, StateReview, true},
		{StateAccepted, ActStartSpecial, StateSpecial, true},
		{StateAccepted, ActDecide, StateDecided, true},
		{StateAccepted, ActRefuse, StateAccepted, false},
		{StateReview, ActStartSpecial, StateSpecial, true},
		{StateReview, ActDecide, StateDecided, true},
		{StateSpecial, ActEndSpecial, StateReview, true},
		{StateSpecial, ActDecide, StateSpecial, false},
		{StateDecided, ActDeliver, StateDelivered, true},
		{StateDecided, ActAccept, StateDecided, false},
		{StateRefused, ActAccept, StateRefused, false},
		{StateDelivered, ActDeliver, StateDelivered, false},
	}
	for _, tt := range tests {
		got, err := Next(tt.from, tt.action)
		if (err == nil) != tt.ok {
			t.Errorf("Next(%q, %s) err = %v, want ok=%v", tt.from, tt.action, err, tt.ok)
			continue
		}
		if got != tt.to {
			t.Errorf("Next(%q, %s) = %q, want %q", tt.from, tt.action, got, tt.to)
		}
		if err != nil {
			if ErrorCode(err) != EConflict || !strings.Contains(ErrorMessage(err), "不能") {
				t.Errorf("Next(%q, %s) error = %q (%s), want a Chinese conflict", tt.from, tt.action, ErrorMessage(err), ErrorCode(err))
			}
		}
	}
}

func TestEveryStateReachableAndFinalStatesClosed(t *testing.T) {
	seen := map[State]bool{}
	queue := []State{none}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, a := range Allowed(s) {
			to, _ := Next(s, a)
			if !seen[to] {
				seen[to] = true
				queue = append(queue, to)
			}
		}
	}
	for _, s := range States() {
		if !seen[s] {
			t.Errorf("state %s cannot be reached", s)
		}
		if !s.Open() && s != StateDecided && len(Allowed(s)) != 0 {
			t.Errorf("final state %s allows %v", s, Allowed(s))
		}
	}
	if !StateCorrection.Suspended() || !StateSpecial.Suspended() || StateReview.Suspended() {
		t.Error("the clock must stop exactly in 补正 and 特别程序")
	}
}

func TestApply(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	c := &Case{ID: "c1"}
	if _, err := Apply(c, Event{Action: ActReceive, At: at}); err != nil {
		t.Fatal(err)
	}
	if _, err := Apply(c, Event{Action: ActRefuse, At: at}); ErrorCode(err) != EInvalid {
		t.Fatalf("refuse without reason: %v", err)
	}
	if c.State != StateReceived {
		t.Fatalf("a refused action changed the case: %s", c.State)
	}
	ev, err := Apply(c, Event{Action: ActAccept, At: at.Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if ev.From != StateReceived || ev.To != StateAccepted || ev.CaseID != "c1" {
		t.Errorf("event = %+v", ev)
	}
	if !c.AcceptedAt.Equal(at.Add(time.Minute)) || !c.ReceivedAt.Equal(at) {
		t.Errorf("times not recorded: %+v", c)
	}
	if _, err := Apply(c, Event{Action: ActDecide, At: at}); ErrorCode(err) != EInvalid {
		t.Errorf("decide without result: %v", err)
	}
	if _, err := Apply(c, Event{Action: ActDecide, Result: ResultApproved, At: at}); err != nil || c.Result != ResultApproved {
		t.Errorf("decide: %v %s", err, c.Result)
	}
}

func TestCaseNumber(t *testing.T) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	no, err := CaseNumber("341122", "07", day, 42)
	if err != nil || no != "341122-20261123-07-0042" || !ValidCaseNumber(no) {
		t.Fatalf("CaseNumber = %q, %v", no, err)
	}
	for _, bad := range []struct {
		hall, desk string
		seq        int
	}{
		{"3411", "07", 1}, {"341122", "a", 1}, {"341122", "07", 0}, {"341122", "07", 10000},
	} {
		if _, err := CaseNumber(bad.hall, bad.desk, day, bad.seq); ErrorCode(err) != EInvalid {
			t.Errorf("CaseNumber(%v) err = %v", bad, err)
		}
	}
	if ValidCaseNumber("341122-20261332-07-0001") {
		t.Error("a month 13 case number is not valid")
	}
}

func TestMask(t *testing.T) {
	if got := MaskID("11010519491231002X"); got != "1101**********002X" {
		t.Errorf("MaskID = %s", got)
	}
	if got := MaskPhone("13812345678"); got != "138****5678" {
		t.Errorf("MaskPhone = %s", got)
	}
	if got := MaskID("ab"); got != "**" {
		t.Errorf("MaskID short = %s", got)
	}
}
