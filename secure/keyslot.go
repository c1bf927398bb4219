package secure

import (
	"encoding/base64"
)

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
