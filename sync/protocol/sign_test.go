package protocol

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm3"
)

func TestSM3KnownAnswer(t *testing.T) {
	// GB/T 32905-2016, example 1: SM3("abc").
	want := "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
	if got := BodySM3([]byte("abc")); got != want {
		t.Fatalf("SM3(abc) = %s", got)
	}
}

func TestSignatureCoversEveryPart(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	base := []string{"POST", "/api/v1/push", "desk-1", "1767225600000", "n1", BodySM3([]byte("{}"))}
	sign := func(p []string) string {
		return Sign(secret, StringToSign(p[0], p[1], p[2], mustInt(p[3]), p[4], p[5]))
	}
	sig := sign(base)
	if len(sig) != 64 || !Verify(secret, StringToSign("post", base[1], base[2], mustInt(base[3]), base[4], base[5]), sig) {
		t.Fatalf("signature %q does not verify", sig)
	}
	for i := range base {
		changed := append([]string(nil), base...)
		changed[i] += "1"
		if i == 3 {
			changed[i] = "1767225600001"
		}
		if sign(changed) == sig {
			t.Errorf("changing part %d (%s) keeps the signature", i, base[i])
		}
	}
	if Verify([]byte("another secret of the same size!"), StringToSign(base[0], base[1], base[2], mustInt(base[3]), base[4], base[5]), sig) {
		t.Error("another secret verifies")
	}
	if Verify(secret, "x", "not hex") {
		t.Error("garbage verifies")
	}
	// HMAC-SM3 by hand: H((K⊕opad) ‖ H((K⊕ipad) ‖ m)), K padded to 64 bytes.
	m := StringToSign(base[0], base[1], base[2], mustInt(base[3]), base[4], base[5])
	k := make([]byte, 64)
	copy(k, secret)
	ipad, opad := make([]byte, 64), make([]byte, 64)
	for i := range k {
		ipad[i], opad[i] = k[i]^0x36, k[i]^0x5c
	}
	inner := sm3.Sum(append(ipad, m...))
	outer := sm3.Sum(append(opad, inner[:]...))
	if hex.EncodeToString(outer[:]) != sig {
		t.Error("Sign is not HMAC-SM3")
	}
	if !strings.Contains(m, "\n/api/v1/push\n") {
		t.Errorf("string to sign %q", m)
	}
}

func TestStatusMapIsShared(t *testing.T) {
	for code, kind := range map[string]FaultKind{CodeUnauthorized: FaultAuth, CodeTooLarge: FaultTooLarge,
		CodeBadRequest: FaultRequest, "transient": FaultServer, "internal": FaultServer} {
		if got := KindOfStatus(HTTPStatus(code)); got != kind {
			t.Errorf("%s → %d → kind %d, want %d", code, HTTPStatus(code), got, kind)
		}
	}
}

func mustInt(s string) int64 {
	var n int64
	for _, c := range s {
		n = n*10 + int64(c-'0')
	}
	return n
}
