package secure

import (
	"encoding/hex"
	"strings"
)

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
