package seed

import (
	"math/rand/v2"
	"testing"

	"yichuang/forms"
)

// TestSeededApplicantsPassTheChecks: the people and firms seed makes pass
// the same checks as the window and the platform apply, so seeded cases
// sync.
func TestSeededApplicantsPassTheChecks(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		f := firm(r, 2026)
		if err := forms.CheckCreditCode(f.IDNumber); err != nil {
			t.Fatalf("firm %d: %v", i, err)
		}
		p := person(r, 2026)
		if err := forms.CheckResidentID(p.IDNumber); err != nil {
			t.Fatalf("person %d: %v", i, err)
		}
	}
}
