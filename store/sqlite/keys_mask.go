package sqlite

import (
	"encoding/json"

	"yichuang/hall"
	"yichuang/secure"
)

// maskCase turns a loaded case's personal data into its masked form for
// screens and documents: 1101**********002X, 138****5678, 清河县人民路***.
// Full values come only through Reveal, which is audited. A value that is
// sealed while nobody is logged in shows as （已加密）.
func (db *DB) maskCase(c *hall.Case) {
	a := &c.Applicant
	a.IDNumber = db.maskWith(a.IDNumber, hall.MaskID)
	a.Phone = db.maskWith(a.Phone, hall.MaskPhone)
	a.ContactPhone = db.maskWith(a.ContactPhone, hall.MaskPhone)
	a.Address = db.maskWith(a.Address, hall.MaskAddress)
	if len(c.Form) == 0 {
		return
	}
	form, err := secure.MapStrings(c.Form, func(key, s string) (string, error) {
		if secure.IsSealed(s) || secure.IsPersonal(key, s) {
			return db.maskWith(s, maskValue), nil
		}
		return s, nil
	})
	if err == nil {
		var f json.RawMessage = form
		c.Form = f
	}
}

func (db *DB) maskWith(v string, mask func(string) string) string {
	if v == "" {
		return ""
	}
	s, err := db.openString(v)
	if err != nil {
		return "（已加密）"
	}
	return mask(s)
}

// maskValue masks a form value by its shape.
func maskValue(s string) string {
	switch n := len([]rune(s)); {
	case n == 11:
		return hall.MaskPhone(s)
	case n == 15 || n == 18:
		return hall.MaskID(s)
	}
	return hall.MaskAddress(s)
}

// openOrKeep opens an event's sealed strings for someone logged in (an
// event holds no applicant data of its own, but a value shaped like a
// phone number, a hall's mobile say, is sealed all the same); with
// nobody logged in it is returned as stored.
func (db *DB) openOrKeep(doc []byte) []byte {
	if b, err := db.openJSON(doc); err == nil {
		return b
	}
	return doc
}
