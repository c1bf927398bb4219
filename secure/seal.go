package secure

import (
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"

	"github.com/emmansun/gmsm/sm4"
)

// Sealed values, binary: version (1 byte) · key id (4 bytes) · nonce (12) ·
// SM4-GCM ciphertext and tag (16). The version lets a later format (a new
// algorithm, a rotated key) sit beside old rows; the key id tells "sealed
// under another desk's key" apart from "damaged".
const (
	formatV1  = 1
	keyIDSize = 4
	nonceSize = 12
	tagSize   = 16
	overhead  = 1 + keyIDSize + nonceSize + tagSize
)

// Prefix marks a sealed string inside a JSON document or a column, so that
// sealing is idempotent and a reader can tell sealed from clear text.
const Prefix = "#sm4:"

// Errors a caller may tell apart; messages for people are the store's.
var (
	ErrFormat   = errors.New("secure: not a sealed value of a known format")
	ErrOtherKey = errors.New("secure: sealed under another key")
	ErrAuth     = errors.New("secure: message authentication failed")
)

// Cipher seals and opens values with one SM4 key.
type Cipher struct {
	aead  cipher.AEAD
	keyID [keyIDSize]byte
}

// NewCipher makes a Cipher from a 16-byte SM4 key and the 4-byte id written
// into every value it seals.
func NewCipher(key []byte, keyID [keyIDSize]byte) (*Cipher, error) {
	b, err := sm4.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(b)
	if err != nil {
		return nil, err
	}
	return &Cipher{aead: aead, keyID: keyID}, nil
}

// Seal encrypts plain; aad is authenticated but not stored, so the same aad
// must be given to Open (it binds a value to its purpose).
func (c *Cipher) Seal(plain, aad []byte) []byte {
	out := make([]byte, 1+keyIDSize+nonceSize, overhead+len(plain))
	out[0] = formatV1
	copy(out[1:], c.keyID[:])
	randomFill(out[1+keyIDSize:])
	return c.aead.Seal(out, out[1+keyIDSize:], plain, c.header(out, aad))
}

// randomFill fills b from crypto/rand, which does not fail on the systems
// the desk runs on (and panics rather than return zeros if it ever did).
func randomFill(b []byte) {
	if _, err := rand.Read(b); err != nil {
		panic("secure: no randomness: " + err.Error())
	}
}

// Open decrypts a value made by Seal.
func (c *Cipher) Open(sealed, aad []byte) ([]byte, error) {
	if len(sealed) < overhead || sealed[0] != formatV1 {
		return nil, ErrFormat
	}
	if string(sealed[1:1+keyIDSize]) != string(c.keyID[:]) {
		return nil, ErrOtherKey
	}
	nonce := sealed[1+keyIDSize : 1+keyIDSize+nonceSize]
	plain, err := c.aead.Open(nil, nonce, sealed[1+keyIDSize+nonceSize:], c.header(sealed, aad))
	if err != nil {
		return nil, ErrAuth
	}
	return plain, nil
}

// header is the authenticated data: version and key id as written, then the
// caller's aad, so neither can be changed without the tag failing.
func (c *Cipher) header(sealed, aad []byte) []byte {
	h := make([]byte, 0, 1+keyIDSize+len(aad))
	h = append(h, sealed[:1+keyIDSize]...)
	return append(h, aad...)
}

// personalAAD binds sealed personal data to its purpose. It is one constant
// rather than the field's path because a sealed value is copied as it is
// between documents (a case into its outbox entry) and must still open.
var personalAAD = []byte("yichuang personal data v1")

// SealString seals s for a text column or a JSON string: Prefix + base64.
// A value that is already sealed, and "", are returned unchanged.
func (c *Cipher) SealString(s string) string {
	if s == "" || IsSealed(s) {
		return s
	}
	return Prefix + base64.RawURLEncoding.EncodeToString(c.Seal([]byte(s), personalAAD))
}

// OpenString opens a value made by SealString; clear text is returned as
// it is (rows written before the desk had keys).
func (c *Cipher) OpenString(s string) (string, error) {
	if !IsSealed(s) {
		return s, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s[len(Prefix):])
	if err != nil {
		return "", ErrFormat
	}
	p, err := c.Open(b, personalAAD)
	if err != nil {
		return "", err
	}
	return string(p), nil
}

// IsSealed reports whether s is a sealed string.
func IsSealed(s string) bool { return strings.HasPrefix(s, Prefix) }
