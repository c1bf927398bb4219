package protocol

import (
	"strings"
	"testing"
)

// TestRateBundleField: the bundle field of a rating is read as the
// receipt's QR link writes it, and anything else is refused naming it.
func TestRateBundleField(t *testing.T) {
	lead := "341122-20261202-07-0003"
	r := RateRequest{CaseNo: lead, Bundle: "341122-20261202-07-0004.55120931~341122-20261202-07-A0005.07716245"}
	got, err := r.BundleCases()
	if err != nil || len(got) != 2 || got[1] != (RatedCase{No: "341122-20261202-07-A0005", Code: "07716245"}) {
		t.Fatalf("%+v, %v", got, err)
	}
	for _, bad := range []string{
		"341122-20261202-07-0004",          // no code
		"341122-20261202-07-0004.5512093",  // seven digits
		"341122-20261202-07-0004.5512093x", // not digits
		"12-34.55120931",                   // not a case number
		lead + ".55120931",                 // the lead itself
		"341122-20261202-07-0004.55120931~341122-20261202-07-0004.55120931", // twice
		strings.Repeat("341122-20261202-07-0004.55120931~", 19) + "x",       // over 19
	} {
		if _, err := (RateRequest{CaseNo: lead, Bundle: bad}).BundleCases(); err == nil || !strings.Contains(err.Error(), "bundle") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
