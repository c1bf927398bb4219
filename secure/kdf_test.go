package secure

import (
	"errors"
	"strings"
	"testing"
)

func TestVerifierChecksPasswordAndKeepsItsParams(t *testing.T) {
	s, err := Stretch("Qinghe#2026", TestParams)
	if err != nil {
		t.Fatal(err)
	}
	v := s.Verifier()
	if !strings.HasPrefix(v, "$argon2id$v=19$m=64,t=1,p=1$") || strings.Contains(v, "Qinghe") {
		t.Fatalf("verifier %s", v)
	}
	for pw, want := range map[string]bool{"Qinghe#2026": true, "qinghe#2026": false, "Qinghe#2026 ": false, "": false} {
		_, ok, err := CheckPassword(v, pw)
		if err != nil || ok != want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	p, salt, _, err := ParseVerifier(v)
	if err != nil || p != TestParams || len(salt) != saltSize {
		t.Errorf("parsed %+v %x %v", p, salt, err)
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAA$AAAA", strings.Replace(v, "v=19", "v=16", 1),
		strings.Replace(v, "t=1", "t=0", 1), v[:len(v)-4]} {
		if _, _, err := CheckPassword(bad, "x"); !errors.Is(err, ErrFormat) {
			t.Errorf("verifier %q: err %v", bad, err)
		}
	}
	if !TestParams.Weaker(DefaultParams) || DefaultParams.Weaker(DefaultParams) {
		t.Error("Weaker")
	}
}

func TestKeySlotOpensOnlyWithPasswordDeskAndUser(t *testing.T) {
	k := testKey(t)
	desk := []byte("desk secret of this PC, 32 bytes")
	s, _ := Stretch("Qinghe#2026", TestParams)
	slot, err := WrapSlot(k, s, desk, "u1")
	if err != nil {
		t.Fatal(err)
	}
	s2, ok, _ := CheckPassword(s.Verifier(), "Qinghe#2026")
	if !ok {
		t.Fatal("password not accepted")
	}
	got, err := OpenSlot(slot, s2, desk, "u1")
	if err != nil || got.ID() != k.ID() {
		t.Fatalf("open slot: %v", err)
	}
	wrong, _, _ := CheckPassword(s.Verifier(), "wrong")
	for name, f := range map[string]func() error{
		"wrong password": func() error { _, err := OpenSlot(slot, wrong, desk, "u1"); return err },
		"another PC":     func() error { _, err := OpenSlot(slot, s2, []byte("another desk"), "u1"); return err },
		"moved to u2":    func() error { _, err := OpenSlot(slot, s2, desk, "u2"); return err },
	} {
		if err := f(); !errors.Is(err, ErrAuth) {
			t.Errorf("%s: err = %v, want ErrAuth", name, err)
		}
	}
}

// BenchmarkLogin is one login's cost at the chosen parameters: checking
// the verifier (one Argon2id run) and opening the key slot.
//
//	go test ./secure -run '^$' -bench Login -benchtime 10x
func BenchmarkLogin(b *testing.B) {
	k, _ := NewDataKey()
	desk := []byte("desk")
	s, _ := Stretch("Qinghe#2026", DefaultParams)
	slot, _ := WrapSlot(k, s, desk, "u1")
	v := s.Verifier()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s2, ok, err := CheckPassword(v, "Qinghe#2026")
		if err != nil || !ok {
			b.Fatal("rejected")
		}
		if _, err := OpenSlot(slot, s2, desk, "u1"); err != nil {
			b.Fatal(err)
		}
	}
}
