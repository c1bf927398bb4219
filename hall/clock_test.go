package hall

import (
	"strings"
	"testing"
	"time"
)

// 07:30 in the hall on 2 December is 1 December in UTC and in Los Angeles.
var hallMorning = time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC)

func TestCaseNumberIsTheHallsDay(t *testing.T) {
	la := time.FixedZone("PST", -8*3600)
	for _, at := range []time.Time{hallMorning, hallMorning.In(la)} {
		no, err := CaseNumber("341122", "07", at, 1)
		if err != nil || no != "341122-20261202-07-0001" {
			t.Errorf("CaseNumber at %v = %s, %v; want the hall's 20261202", at, no, err)
		}
	}
	if got := (Clock(func() time.Time { return hallMorning })).Today(); got != "2026-12-02" {
		t.Errorf("Clock.Today = %s", got)
	}
}

func TestDeferredMaterialDatesAreTheHallsDay(t *testing.T) {
	it := &Item{Materials: []Material{{Name: "户口簿", Necessity: Deferrable, Originals: 1}}}
	c := &Case{No: "341122-20261202-07-0001", ReceivedAt: hallMorning,
		Materials: []CaseMaterial{{Name: "户口簿", Deferred: true, DueDate: "2026-12-01"}}}
	_, err := Decision{Action: ActAccept, Item: it}.Event(c)
	if !strings.Contains(ErrorMessage(err), "早于今天") {
		t.Errorf("a deferral due the hall's yesterday was accepted: %v", err)
	}
	c.Materials[0].DueDate = "2026-12-02"
	if _, err := (Decision{Action: ActAccept, Item: it}).Event(c); err != nil {
		t.Errorf("a deferral due the hall's today: %v", err)
	}
}
