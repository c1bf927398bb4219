package hall

import (
	"testing"
	"time"
)

func TestCaseNumberGenerations(t *testing.T) {
	day := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	seen := map[string]int{}
	for g := 0; g <= MaxGeneration; g++ {
		no, err := CaseNumberOf("341122", "01", day, g, 6)
		if err != nil {
			t.Fatalf("generation %d: %v", g, err)
		}
		if prev, dup := seen[no]; dup {
			t.Fatalf("generations %d and %d both print %s", prev, g, no)
		}
		seen[no] = g
		n, err := ParseCaseNumber(no)
		if err != nil || n.Generation != g || n.Seq != 6 || n.Desk != "01" || n.String() != no || !ValidCaseNumber(no) {
			t.Fatalf("generation %d: %s read back as %+v, %v", g, no, n, err)
		}
	}
	for g, want := range map[int]string{0: "341122-20261202-01-0006", 1: "341122-20261202-01-A0006",
		8: "341122-20261202-01-H0006", 9: "341122-20261202-01-J0006", 24: "341122-20261202-01-Z0006",
		25: "341122-20261202-01-AA0006", MaxGeneration: "341122-20261202-01-ZZ0006"} {
		if no, _ := CaseNumberOf("341122", "01", day, g, 6); no != want {
			t.Errorf("generation %d prints %s, want %s", g, no, want)
		}
	}
	if _, err := CaseNumberOf("341122", "01", day, MaxGeneration+1, 1); ErrorCode(err) != EInvalid {
		t.Fatalf("generation past the last: %v", err)
	}
	for _, bad := range []string{"341122-20261202-01-I0006", "341122-20261202-01-O0006", "341122-20261202-01-ABC0006",
		"341122-20261202-01-a0006", "341122-20261302-01-A0006"} {
		if ValidCaseNumber(bad) {
			t.Errorf("%s accepted", bad)
		}
	}
}
