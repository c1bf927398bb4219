package secure

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"github.com/emmansun/gmsm/sm3"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
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

// A key slot is the data key sealed (SM4-GCM) under one user's key
// encryption key. Any user with a slot can open the desk's personal data;
// the database holds only slots, so the file alone opens nothing. The slot
// is bound to its user id, so it cannot be moved to another user's row.

// WrapSlot seals the data key for user under s's key encryption key.
func WrapSlot(k *DataKey, s *Stretched, deskSecret []byte, userID string) (string, error) {
	c, err := slotCipher(s, deskSecret)
	if err != nil {
		return "", err
	}
	return base64.RawStdEncoding.EncodeToString(c.Seal(k.raw[:], slotAAD(userID))), nil
}

// OpenSlot unwraps a key slot. ErrAuth means the password was right (the
// caller checked the verifier first) but the desk secret is not the one
// the slot was made with: the database came from another PC.
func OpenSlot(slot string, s *Stretched, deskSecret []byte, userID string) (*DataKey, error) {
	b, err := base64.RawStdEncoding.DecodeString(slot)
	if err != nil {
		return nil, ErrFormat
	}
	c, err := slotCipher(s, deskSecret)
	if err != nil {
		return nil, err
	}
	raw, err := c.Open(b, slotAAD(userID))
	if err != nil {
		return nil, err
	}
	return LoadDataKey(raw)
}

// slotCipher uses a fixed key id: slots are told apart by their row, and a
// wrong key must show as ErrAuth, not ErrOtherKey.
func slotCipher(s *Stretched, deskSecret []byte) (*Cipher, error) {
	return NewCipher(s.kek(deskSecret), [keyIDSize]byte{'s', 'l', 'o', 't'})
}

func slotAAD(userID string) []byte { return []byte("yichuang key slot v1:" + userID) }

// LookupHash is the keyed hash (HMAC-SM3 under a key derived from the data
// key) of an ID number or credit code: stored beside a case so that the
// window can find every case of a person without the number being stored
// in clear, and without a dictionary of the 10^9-ish valid ID numbers
// being of any use to someone who has only the database.
func (k *DataKey) LookupHash(id string) string {
	n := NormalizeID(id)
	if n == "" {
		return ""
	}
	return hex.EncodeToString(mac(k.lookup, "id:", []byte(n)))
}

// NormalizeID is the form an ID number is hashed in: no spaces, upper-case
// check character (11010519491231002x and 11010519491231002X are one).
func NormalizeID(id string) string {
	return strings.ToUpper(strings.Join(strings.Fields(id), ""))
}

// NameHash is the keyed look-up hash of a name (a person's or an
// organisation's), under the same look-up key as LookupHash but its own
// label: it lets a store find a case by its applicant's exact name while
// keeping the name sealed.
func (k *DataKey) NameHash(name string) string {
	n := NormalizeName(name)
	if n == "" {
		return ""
	}
	return hex.EncodeToString(mac(k.lookup, "name:", []byte(n)))
}

// NormalizeName is the form a name is hashed in: full-width letters,
// digits, punctuation and spaces made half-width, composed (NFC), and
// trimmed, so that 张三, "张三 " and its full-width spellings are one.
func NormalizeName(name string) string {
	return strings.TrimSpace(norm.NFC.String(width.Narrow.String(name)))
}
