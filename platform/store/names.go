package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	gojson "github.com/goccy/go-json"

	"yichuang/hall"
	"yichuang/secure"
)

// Names of people are sealed on the platform like ID numbers (docs/adr/0013):
// the applicant's name (a person's or an organisation's), a legal person's
// representative and contact, who collected the result. "name" alone also
// names materials, stages and bundles, so it is sealed inside "applicant"
// only; the other keys name a person wherever they appear.
var personNameKeys = map[string]bool{"legal_rep": true, "contact_name": true, "collector": true}

// nameKeysQuoted are the keys under which a name may stand, as they
// appear in a document's text: one without any is left undecoded.
var nameKeysQuoted = [][]byte{[]byte(`"applicant"`), []byte(`"legal_rep"`), []byte(`"contact_name"`), []byte(`"collector"`)}

func mayHoldNames(doc []byte) bool {
	for _, k := range nameKeysQuoted {
		if bytes.Contains(doc, k) {
			return true
		}
	}
	return false
}

// mapNames rewrites every name of a person in doc that is still in clear
// through fn. A document without one comes back as it was; one with names
// is re-encoded (its keys in order, numbers as written).
func mapNames(doc []byte, fn func(string) string) ([]byte, bool, error) {
	if !mayHoldNames(doc) {
		return doc, false, nil
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false, err
	}
	changed := false
	var walk func(x any, parent string)
	walk = func(x any, parent string) {
		switch t := x.(type) {
		case map[string]any:
			for k, e := range t {
				if s, ok := e.(string); ok && s != "" && !secure.IsSealed(s) &&
					(personNameKeys[k] || parent == "applicant" && k == "name") {
					t[k], changed = fn(s), true
					continue
				}
				walk(e, k)
			}
		case []any:
			for _, e := range t {
				walk(e, parent)
			}
		}
	}
	walk(v, "")
	if !changed {
		return doc, false, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, false, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), true, nil
}

// hasClearName reports whether doc holds a person's name in clear.
func hasClearName(doc []byte) bool {
	_, found, _ := mapNames(doc, func(s string) string { return s })
	return found
}

// sealDoc seals the personal fields of a JSON document (ID numbers, phones,
// addresses, any value shaped like an ID or mobile number, and people's
// names) before it is written: what secure's SealJSON and then mapNames
// would seal, in one walk over the document's text (sealWalk; through
// maps, sealDocMaps, where the walk is not sure of the document). A
// document with nothing to seal comes back as it was; one with something
// is re-encoded (keys in order, numbers as written).
func (k *Key) sealDoc(doc []byte) ([]byte, error) {
	if len(bytes.TrimSpace(doc)) == 0 {
		return doc, nil
	}
	c := k.Cipher()
	would := func(s string, name bool, key string) bool {
		return s != "" && !secure.IsSealed(s) && (name || secure.IsPersonal(key, s))
	}
	if out, ok := walkSeal(doc, would, c.SealString); ok {
		return out, nil
	}
	return sealDocMaps(doc, would, c.SealString)
}

// sealDocMaps is sealDoc through maps: the document decoded into maps,
// walked, and encoded again. sealDoc walks the document's text instead
// (sealWalk), and leaves to this what it is not sure of.
func sealDocMaps(doc []byte, would func(s string, name bool, key string) bool, sealString func(string) string) ([]byte, error) {
	v, err := decodeAny(doc)
	if err != nil {
		return nil, err
	}
	changed := false
	seal := func(s string, name bool, key string) (string, bool) {
		if !would(s, name, key) {
			return s, false
		}
		changed = true
		return sealString(s), true
	}
	// key is the object key x stands under (an array's elements stand
	// under the array's).
	var walk func(x any, key string)
	walk = func(x any, key string) {
		switch t := x.(type) {
		case map[string]any:
			for k, e := range t {
				switch x := e.(type) {
				case string:
					t[k], _ = seal(x, personNameKeys[k] || key == "applicant" && k == "name", k)
				case json.Number:
					t[k] = gojson.Number(x)
				default:
					walk(e, k)
				}
			}
		case []any:
			for i, e := range t {
				switch x := e.(type) {
				case string:
					t[i], _ = seal(x, false, key)
				case json.Number:
					t[i] = gojson.Number(x)
				default:
					walk(e, key)
				}
			}
		}
	}
	switch x := v.(type) {
	case string:
		v, _ = seal(x, false, "")
	case json.Number:
		v = gojson.Number(x)
	default:
		walk(v, "")
	}
	if !changed {
		return doc, nil
	}
	// goccy/go-json writes what encoding/json's Encoder with HTML left
	// unescaped writes (keys in order, numbers as written), with fewer
	// allocations: a case seals in half the time (BenchmarkSealCase).
	// TestSealDocSealsWhatTheTwoWalksSeal compares it, byte for byte outside
	// the sealed values, with encoding/json's encoding.
	var buf bytes.Buffer
	enc := gojson.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// decodeAny decodes the first JSON value of doc into maps, slices, strings,
// bools and numbers as written, with goccy/go-json where doc is valid
// UTF-8, several times as fast; its numbers come as gojson.Number, and
// encoding/json's as json.Number, which the caller makes gojson.Number. encoding/json decodes
// the rest (it replaces invalid UTF-8, goccy need not) and what goccy
// refuses, so that the error is encoding/json's.
func decodeAny(doc []byte) (any, error) {
	var v any
	if utf8.Valid(doc) {
		dec := gojson.NewDecoder(bytes.NewReader(doc))
		dec.UseNumber()
		if dec.Decode(&v) == nil {
			return v, nil
		}
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	v = nil
	err := dec.Decode(&v)
	return v, err
}

// openDoc opens what sealDoc sealed.
func (k *Key) openDoc(doc string) ([]byte, error) {
	if !secure.HasSealed([]byte(doc)) {
		return []byte(doc), nil
	}
	return k.Cipher().OpenJSON([]byte(doc))
}

// nameHash is the look-up hash of an applicant's name under k (HMAC-SM3,
// secure.NameHash): cases.name_hash, indexed, finds a case by its
// applicant's exact name without a name in clear and without opening
// every case.
func (k *Key) nameHash(name string) string { return k.dk.NameHash(name) }

// sealCaseNames seals the names of the cases an older store wrote in clear
// and gives each case its name hash, in tx. With all, every case is
// re-sealed from from's key under to's and re-hashed (a key rotation);
// otherwise only the cases that need it, so that it finds nothing to do
// once done: a case with a name hash was written sealed, names and all,
// so only the cases without one are read, unless every (an older binary
// may have written a case in clear beside its hash since). It returns how
// many cases it rewrote.
func sealCaseNames(ctx context.Context, tx *txn, from, to *Key, all, every bool) (int, error) {
	query := "SELECT id, doc, name_hash FROM cases WHERE name_hash = ''"
	if all || every {
		query = "SELECT id, doc, name_hash FROM cases"
	}
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return 0, err
	}
	type row struct{ id, doc, hash string }
	var todo []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.doc, &r.hash); err != nil {
			rows.Close()
			return 0, err
		}
		todo = append(todo, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, r := range todo {
		clear, err := from.openDoc(r.doc)
		if err != nil {
			return n, fmt.Errorf("case %s: %w", r.id, err)
		}
		var c hall.Case
		if err := json.Unmarshal(clear, &c); err != nil {
			return n, fmt.Errorf("case %s: %w", r.id, err)
		}
		hash := to.nameHash(c.Applicant.Name)
		if !all && hash == r.hash && !secure.HasClearPersonal([]byte(r.doc)) && !hasClearName([]byte(r.doc)) {
			continue // a case without a name: nothing to hash, nothing to seal
		}
		sealed, err := to.sealDoc(clear)
		if err != nil {
			return n, err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE cases SET doc = ?, name_hash = ? WHERE id = ?", string(sealed), hash, r.id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// NameMatch is a case found by its applicant's name.
type NameMatch struct {
	No        string
	DeskID    string
	State     string
	ItemName  string
	Applicant string // in clear: the operator who searched holds the key
	Updated   time.Time
}

// maxNameMatches caps one search: a common name matches many cases in a
// province, and the search is for finding one person's.
const maxNameMatches = 200

// CasesByName finds the cases whose applicant bears name exactly (as
// secure.NormalizeName makes it: trimmed, half-width, NFC), newest first,
// through the name hash's index: only the cases found are opened. It is
// the operator's search (admin command, with the key file), so the names
// come back opened; each case found is logged as a view by viewer, with
// the outcome "listed", and a list that cannot be logged is not shown. more
// says that more than maxNameMatches matched.
func (s *Store) CasesByName(ctx context.Context, name, viewer string) (found []NameMatch, more bool, err error) {
	hash := s.key.nameHash(name)
	if hash == "" {
		return nil, false, hall.Errorf(hall.EInvalid, "请给出申请人姓名或名称")
	}
	rows, err := s.read.QueryContext(ctx, `SELECT no, desk_id, state, doc, updated_at FROM cases
		WHERE name_hash = ? ORDER BY updated_at DESC, no LIMIT ?`, hash, maxNameMatches+1)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	for rows.Next() {
		if len(found) == maxNameMatches {
			more = true
			break
		}
		var m NameMatch
		var doc, updated string
		if err := rows.Scan(&m.No, &m.DeskID, &m.State, &doc, &updated); err != nil {
			return nil, false, err
		}
		opened, err := s.openDoc(doc)
		if err != nil {
			return nil, false, fmt.Errorf("case %s: %w", m.No, err)
		}
		var c hall.Case
		if err := json.Unmarshal(opened, &c); err != nil {
			return nil, false, fmt.Errorf("case %s: %w", m.No, err)
		}
		m.ItemName, m.Applicant, m.Updated = c.ItemName, c.Applicant.Name, parseStamp(updated)
		found = append(found, m)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	rows.Close()
	err = s.update(ctx, func(tx *txn, now time.Time) error {
		for _, m := range found {
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_views (at, viewer, case_no, outcome) VALUES (?, ?, ?, ?)`,
				stamp(now), viewer, m.No, ViewListed); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return found, more, nil
}
