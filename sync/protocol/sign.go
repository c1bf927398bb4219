package protocol

import (
	"crypto/hmac"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"
)

// ReplayWindow is how far a request's timestamp may stand from the
// platform's clock. Within it, nonces are remembered so that a captured
// request cannot be played again.
const ReplayWindow = 5 * time.Minute

// BodySM3 is the hex SM3 digest of a body as sent (after compression).
func BodySM3(b []byte) string {
	s := sm3.Sum(b)
	return hex.EncodeToString(s[:])
}

// StringToSign is what a signature covers: the method, the path with its
// query, the desk, the timestamp, the nonce and the body's digest, one per
// line. A changed byte anywhere changes the signature.
func StringToSign(method, pathAndQuery, desk string, tsMillis int64, nonce, bodySM3 string) string {
	return strings.Join([]string{strings.ToUpper(method), pathAndQuery, desk,
		strconv.FormatInt(tsMillis, 10), nonce, bodySM3}, "\n")
}

// Sign is HMAC-SM3 of s with the desk's secret, in hex.
func Sign(secret []byte, s string) string {
	m := hmac.New(sm3.New, secret)
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil))
}

// Verify checks a signature in constant time.
func Verify(secret []byte, s, sig string) bool {
	want, err := hex.DecodeString(sig)
	if err != nil {
		return false
	}
	m := hmac.New(sm3.New, secret)
	m.Write([]byte(s))
	return hmac.Equal(m.Sum(nil), want)
}

// DecodeSecret reads a desk secret as stored (hex).
func DecodeSecret(s string) ([]byte, bool) {
	b, err := hex.DecodeString(s)
	return b, err == nil && len(b) >= 16
}
