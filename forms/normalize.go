package forms

import (
	"regexp"
	"strings"
	"unicode"
)

// NormalizeID cleans an ID number, credit code, phone number or region code
// as clerks paste it: it removes every space (also full-width and
// non-breaking ones), turns full-width digits, letters and hyphens into
// half-width ones and upper-cases letters (…002x → …002X).
func NormalizeID(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(unicode.ToUpper(halfWidth(r)))
	}
	return b.String()
}

// NormalizePhone cleans a phone number as NormalizeID does and writes a
// mainland mobile number as its 11 digits: +86 138 1234 5678,
// 86-138-1234-5678, 0086 13812345678 and (138)1234-5678 all become
// 13812345678. Anything else (a landline, a number it does not recognise)
// keeps its hyphens, so 0551-1234567 stays as typed.
func NormalizePhone(s string) string {
	s = NormalizeID(s)
	digits := strings.Map(func(r rune) rune {
		switch r {
		case '-', '(', ')', '.':
			return -1
		}
		return r
	}, s)
	if m := intlMobileRE.FindStringSubmatch(digits); m != nil {
		return m[1]
	}
	return s
}

// intlMobileRE is a mobile number with or without the country code.
var intlMobileRE = regexp.MustCompile(`^(?:\+86|0086|86)?(1[3-9][0-9]{9})$`)

// halfWidth maps the full-width ASCII block (！ to ～) to ASCII.
func halfWidth(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFF01 + '!'
	}
	return r
}

func halfWidthString(s string) string {
	return strings.Map(halfWidth, s)
}

// Normalize returns a copy of v cleaned the way the form shows it after the
// clerk leaves a field: surrounding spaces trimmed, identifiers passed
// through NormalizeID, full-width digits in numbers and dates made
// half-width, Windows line ends in a textarea made "\n". Values of other
// shapes, and keys the schema does not know, are copied unchanged.
func (s *Schema) Normalize(v Values) Values {
	if s == nil {
		return copyValues(v)
	}
	return normalizeLevel(s.Fields, v)
}

func normalizeLevel(fields []Field, v map[string]any) Values {
	out := copyValues(v)
	for i := range fields {
		f := &fields[i]
		val, ok := out[f.Key]
		if !ok {
			continue
		}
		if f.Type == TypeRows {
			if rows, ok := asRows(val); ok && rows != nil {
				clean := make([]map[string]any, len(rows))
				for j, r := range rows {
					clean[j] = normalizeLevel(f.Fields, r)
				}
				out[f.Key] = clean
			}
			continue
		}
		if str, ok := val.(string); ok {
			out[f.Key] = normalizeString(f.Type, str)
		}
	}
	return out
}

func normalizeString(typ, s string) string {
	switch typ {
	case TypePhone:
		return NormalizePhone(s)
	case TypeIDNumber, TypeCreditCode, TypeRegion:
		return NormalizeID(s)
	case TypeNumber, TypeDate:
		return strings.TrimSpace(halfWidthString(s))
	case TypeTextarea:
		return strings.TrimSpace(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s))
	case TypeSelect, TypeMultiselect:
		return s
	case TypeEthnicGroup:
		// A code as typed ("01", "1") is the group it names.
		if g, ok := EthnicGroupByCode(strings.TrimSpace(halfWidthString(s))); ok {
			return g.Name
		}
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(s)
}

func copyValues(v map[string]any) Values {
	out := make(Values, len(v))
	for k, x := range v {
		out[k] = x
	}
	return out
}
