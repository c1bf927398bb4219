package secure

import (
	"bytes"
	"encoding/json"
	"regexp"
)

// Personal data sits inside JSON documents (a case, a draft, an outbox
// entry). SealJSON walks a document and seals, in place, every string that
// is personal data: the values of the keys below wherever they appear, and
// any value shaped like a resident ID number or a mobile number (a form may
// ask for a spouse's ID under any key). Structure, keys and every other
// value stay as they are, so lists and state changes work on sealed
// documents without the key.

// personalKeys are JSON keys whose string values are always sealed.
var personalKeys = map[string]bool{
	"id_number": true, "phone": true, "address": true, "contact_phone": true,
	"birth_date": true, // the applicant's: six digits of the ID number
}

var (
	idShaped    = regexp.MustCompile(`^[0-9]{17}[0-9Xx]$|^[0-9]{15}$`)
	phoneShaped = regexp.MustCompile(`^\+?(86)?-?1[3-9][0-9]{9}$`)
)

// IsPersonal reports whether the string value s under JSON key key is
// personal data.
func IsPersonal(key, s string) bool { return personalKeys[key] || IsPersonalValue(s) }

// MapStrings rewrites every string value of doc through fn, with the
// nearest object key.
func MapStrings(doc []byte, fn func(key, s string) (string, error)) ([]byte, error) {
	return walkJSON(doc, fn)
}

// IsPersonalValue reports whether s looks like an ID or mobile number.
// Both are 11 to 18 characters starting with a digit, "+" or "-": a string
// that is not is answered without the regular expressions, which a
// document's every string would otherwise pass through.
func IsPersonalValue(s string) bool {
	if len(s) < 11 || len(s) > 18 || s[0] != '+' && s[0] != '-' && (s[0] < '0' || s[0] > '9') {
		return false
	}
	return idShaped.MatchString(s) || phoneShaped.MatchString(s)
}

// SealJSON returns doc with its personal data sealed.
func (c *Cipher) SealJSON(doc []byte) ([]byte, error) {
	return MapPersonal(doc, func(s string) (string, error) { return c.SealString(s), nil })
}

// MapPersonal rewrites every personal string of doc that is still in clear
// through fn: the store seals with it, or refuses when it has no key.
func MapPersonal(doc []byte, fn func(string) (string, error)) ([]byte, error) {
	return walkJSON(doc, func(key, s string) (string, error) {
		if s != "" && !IsSealed(s) && (personalKeys[key] || IsPersonalValue(s)) {
			return fn(s)
		}
		return s, nil
	})
}

// OpenJSON returns doc with every sealed string opened.
func (c *Cipher) OpenJSON(doc []byte) ([]byte, error) {
	return walkJSON(doc, func(_, s string) (string, error) { return c.OpenString(s) })
}

// HasClearPersonal reports whether doc holds personal data in clear (used
// when a desk first gets keys, to seal what was written before).
func HasClearPersonal(doc []byte) bool {
	found := false
	_, _ = MapPersonal(doc, func(s string) (string, error) { found = true; return s, nil })
	return found
}

// HasSealed reports whether doc holds any sealed string.
func HasSealed(doc []byte) bool { return bytes.Contains(doc, []byte(`"`+Prefix)) }

// walkJSON rewrites every string value of doc through fn (key is the
// nearest object key, "" inside top-level arrays). Numbers keep their
// exact text.
func walkJSON(doc []byte, fn func(key, s string) (string, error)) ([]byte, error) {
	if len(bytes.TrimSpace(doc)) == 0 {
		return doc, nil
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	changed := false
	var walk func(key string, v any) (any, error)
	walk = func(key string, v any) (any, error) {
		switch t := v.(type) {
		case map[string]any:
			for k, x := range t {
				nx, err := walk(k, x)
				if err != nil {
					return nil, err
				}
				t[k] = nx
			}
		case []any:
			for i, x := range t {
				nx, err := walk(key, x)
				if err != nil {
					return nil, err
				}
				t[i] = nx
			}
		case string:
			ns, err := fn(key, t)
			if err != nil {
				return nil, err
			}
			if ns != t {
				changed = true
			}
			return ns, nil
		}
		return v, nil
	}
	v, err := walk("", v)
	if err != nil {
		return nil, err
	}
	if !changed {
		return doc, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
