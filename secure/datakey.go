package secure

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/hex"

	"github.com/emmansun/gmsm/sm3"
)

// DataKeySize is the size of the desk's data key.
const DataKeySize = 32

// DataKey is the desk's one secret for personal data. It never touches the
// disk in clear: each authorised user holds a key slot that wraps it. The
// keys that do the work are derived from it, one per purpose, so a key
// used for look-ups can never decrypt anything.
type DataKey struct {
	raw    [DataKeySize]byte
	cipher *Cipher
	lookup []byte
	id     [keyIDSize]byte
}

// NewDataKey makes a fresh random data key (the desk's first admin does).
func NewDataKey() (*DataKey, error) {
	var raw [DataKeySize]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, err
	}
	return LoadDataKey(raw[:])
}

// LoadDataKey rebuilds a data key from its raw bytes (after unwrapping).
func LoadDataKey(raw []byte) (*DataKey, error) {
	if len(raw) != DataKeySize {
		return nil, ErrFormat
	}
	k := &DataKey{}
	copy(k.raw[:], raw)
	copy(k.id[:], mac(raw, "yichuang/key-id/v1"))
	var err error
	if k.cipher, err = NewCipher(mac(raw, "yichuang/sm4-gcm/v1")[:16], k.id); err != nil {
		return nil, err
	}
	k.lookup = mac(raw, "yichuang/lookup/v1")
	return k, nil
}

// Cipher seals and opens personal data.
func (k *DataKey) Cipher() *Cipher { return k.cipher }

// ID is a public fingerprint of the key (hex): it is stored with the desk
// so a slot that opens to another key is recognised.
func (k *DataKey) ID() string { return hex.EncodeToString(k.id[:]) }

// Raw is the key's bytes, for wrapping into a key slot only.
func (k *DataKey) Raw() []byte { return append([]byte(nil), k.raw[:]...) }

// mac is HMAC-SM3(key, label): the one KDF step used throughout.
func mac(key []byte, label string, more ...[]byte) []byte {
	h := hmac.New(sm3.New, key)
	h.Write([]byte(label))
	for _, m := range more {
		h.Write(m)
	}
	return h.Sum(nil)
}

// Fingerprint is a public, one-way label of a secret (hex, 128 bits): it
// lets a store recognise a secret without holding it.
func Fingerprint(secret []byte, label string) string {
	return hex.EncodeToString(mac(secret, "yichuang/fingerprint/"+label)[:16])
}
