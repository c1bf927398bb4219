package main

import (
	"net/http"
	"strings"
	"testing"

	"yichuang/sync/protocol"
)

// A desk pushing a number another desk of its hall already holds gets the
// same forbidden as for a number of that desk that exists nowhere: the
// answer tells nothing of which numbers exist (no conflict), and the
// holder's case stays its own.
func TestProbeNumberAnotherDeskHoldsIsForbiddenAlike(t *testing.T) {
	p := startPlat(t)
	d01 := p.enrol("341122", "01")
	d02 := p.enrol("341122", "02")
	held := "341122-20261123-02-0001"
	if rs := p.pushCase(d02, "c-02", held, citizen); rs[0].Code != "applied" {
		t.Fatalf("desk 02 pushes its own number: %+v", rs)
	}
	taken := p.pushCase(d01, "c-01", held, applicant{name: "李四", id: "110105194912310038", phone: "13900000000", address: "别处"})
	free := "341122-20261123-02-0009"
	unused := p.pushCase(d01, "c-01b", free, citizen)
	if taken[0].Code != "forbidden" || unused[0].Code != "forbidden" ||
		strings.ReplaceAll(taken[0].Message, held, "N") != strings.ReplaceAll(unused[0].Message, free, "N") {
		t.Fatalf("a number desk 02 holds: %+v; one it does not: %+v", taken, unused)
	}
	resp, b := p.signed(d02, http.MethodGet, protocol.PathCases+held, nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(b), citizen.name) || strings.Contains(string(b), "李四") {
		t.Fatalf("desk 02 reads its case after the attempt: %d %s", resp.StatusCode, b)
	}
}
