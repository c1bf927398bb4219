package secure

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func testKey(t *testing.T) *DataKey {
	t.Helper()
	k, err := NewDataKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpenRoundTripAndTamper(t *testing.T) {
	k := testKey(t)
	c := k.Cipher()
	plain := []byte("11010519491231002X")
	sealed := c.Seal(plain, []byte("a"))
	if bytes.Contains(sealed, plain) || len(sealed) != len(plain)+overhead || sealed[0] != formatV1 {
		t.Fatalf("sealed value %x does not have the v1 shape", sealed)
	}
	if got, err := c.Open(sealed, []byte("a")); err != nil || string(got) != string(plain) {
		t.Fatalf("open = %q, %v", got, err)
	}
	if again := c.Seal(plain, []byte("a")); bytes.Equal(again, sealed) {
		t.Error("two seals of one value are equal: the nonce is not fresh")
	}
	other := testKey(t).Cipher()
	for _, tc := range []struct {
		name   string
		c      *Cipher
		sealed []byte
		aad    string
		want   error
	}{
		{"flipped ciphertext bit", c, flip(sealed, len(sealed)-20), "a", ErrAuth},
		{"flipped tag bit", c, flip(sealed, len(sealed)-1), "a", ErrAuth},
		{"flipped nonce bit", c, flip(sealed, 7), "a", ErrAuth},
		{"other purpose", c, sealed, "b", ErrAuth},
		{"other desk's key", other, sealed, "a", ErrOtherKey},
		{"unknown version", c, append([]byte{2}, sealed[1:]...), "a", ErrFormat},
		{"truncated", c, sealed[:overhead-1], "a", ErrFormat},
	} {
		if _, err := tc.c.Open(tc.sealed, []byte(tc.aad)); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
}

func flip(b []byte, i int) []byte {
	out := append([]byte(nil), b...)
	out[i] ^= 1
	return out
}

func TestSealStringIsIdempotentAndLeavesClearText(t *testing.T) {
	c := testKey(t).Cipher()
	s := c.SealString("13812345678")
	if !IsSealed(s) || strings.Contains(s, "13812345678") {
		t.Fatalf("SealString = %q", s)
	}
	if c.SealString(s) != s {
		t.Error("sealing a sealed value sealed it again")
	}
	if c.SealString("") != "" {
		t.Error("an empty value must stay empty")
	}
	for in, want := range map[string]string{s: "13812345678", "plain old": "plain old", "": ""} {
		if got, err := c.OpenString(in); err != nil || got != want {
			t.Errorf("OpenString(%.12q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := c.OpenString(Prefix + "!!!"); !errors.Is(err, ErrFormat) {
		t.Errorf("bad base64: %v", err)
	}
}

func TestDataKeyDerivationIsStable(t *testing.T) {
	k := testKey(t)
	k2, err := LoadDataKey(k.Raw())
	if err != nil {
		t.Fatal(err)
	}
	if k.ID() != k2.ID() || len(k.ID()) != 8 {
		t.Fatalf("ids %s %s", k.ID(), k2.ID())
	}
	if got, err := k2.Cipher().OpenString(k.Cipher().SealString("x")); err != nil || got != "x" {
		t.Fatalf("a reloaded key does not open: %q %v", got, err)
	}
	if _, err := LoadDataKey(k.Raw()[:31]); !errors.Is(err, ErrFormat) {
		t.Error("a short key was accepted")
	}
}

func TestLookupHash(t *testing.T) {
	k, other := testKey(t), testKey(t)
	a := k.LookupHash("11010519491231002X")
	for _, same := range []string{"11010519491231002x", " 110105 19491231002X "} {
		if k.LookupHash(same) != a {
			t.Errorf("%q hashes differently from its normal form", same)
		}
	}
	if k.LookupHash("440524188001010014") == a || other.LookupHash("11010519491231002X") == a {
		t.Error("hash collides across numbers or keys")
	}
	if strings.Contains(a, "1101") && strings.Contains(a, "002") || len(a) != 64 {
		t.Errorf("hash %s", a)
	}
	if k.LookupHash("  ") != "" {
		t.Error("an empty number must not hash")
	}
}

func TestNameHash(t *testing.T) {
	k, other := testKey(t), testKey(t)
	a := k.NameHash("欧阳娜娜")
	// Trimmed, full-width space, and a decomposed é (e + U+0301) against its
	// composed form; full-width Ｌｉ against Li.
	for _, same := range []string{" 欧阳娜娜\u3000", "\t欧阳娜娜"} {
		if k.NameHash(same) != a {
			t.Errorf("%q hashes differently from 欧阳娜娜", same)
		}
	}
	if k.NameHash("Ｌｉ Ｒｅｎé") != k.NameHash("Li Rene\u0301") {
		t.Error("full-width and decomposed spellings hash differently")
	}
	if k.NameHash("欧阳娜") == a || other.NameHash("欧阳娜娜") == a || k.LookupHash("欧阳娜娜") == a {
		t.Error("name hash collides across names, keys or with the ID look-up")
	}
	if len(a) != 64 || k.NameHash(" \u3000") != "" {
		t.Errorf("hash %q, or an empty name hashed", a)
	}
}
