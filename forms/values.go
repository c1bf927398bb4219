package forms

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Values are what the clerk entered, as stored in JSON: key → string, a
// multiselect → []string, rows → []map[string]any. What encoding/json
// decodes ([]any for both lists, float64 for numbers) is accepted too.
type Values map[string]any

// asString reads a single value; missing is "". Numbers are accepted for
// values decoded from JSON; other shapes are not.
func asString(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case json.Number:
		return string(x), true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", false
		}
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	}
	return "", false
}

// asList reads a multiselect value; missing or "" is no choice.
func asList(v any) ([]string, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case string:
		return nil, x == ""
	case []string:
		return x, true
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out[i] = s
		}
		return out, true
	}
	return nil, false
}

// asRows reads a rows value; missing is no rows.
func asRows(v any) ([]map[string]any, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case []map[string]any:
		return x, true
	case []Values:
		out := make([]map[string]any, len(x))
		for i, r := range x {
			out[i] = r
		}
		return out, true
	case []any:
		out := make([]map[string]any, len(x))
		for i, e := range x {
			switch r := e.(type) {
			case map[string]any:
				out[i] = r
			case Values:
				out[i] = r
			default:
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}

// filled reports whether a value holds something: text other than spaces,
// a choice, a row. A value of the wrong shape counts as filled.
func filled(f *Field, v any) bool {
	switch f.Type {
	case TypeMultiselect:
		l, ok := asList(v)
		return !ok || len(l) > 0
	case TypeRows:
		r, ok := asRows(v)
		return !ok || len(r) > 0
	}
	s, ok := asString(v)
	return !ok || strings.TrimSpace(s) != ""
}

// Clean returns the values to keep: those of shown fields only. Values of
// hidden fields, and keys the schema does not know, are dropped, also
// inside each row. v is not changed; the values kept are shared.
func (s *Schema) Clean(v Values) Values {
	if s == nil {
		return Values{}
	}
	return cleanLevel(s.Fields, v)
}

func cleanLevel(fields []Field, v map[string]any) Values {
	out := Values{}
	shown := visibility(fields, indexOf(fields), v)
	for i := range fields {
		f := &fields[i]
		val, ok := v[f.Key]
		if !ok || !shown[i] {
			continue
		}
		if rows, ok := asRows(val); ok && f.Type == TypeRows && rows != nil {
			clean := make([]map[string]any, len(rows))
			for j, r := range rows {
				clean[j] = cleanLevel(f.Fields, r)
			}
			val = clean
		}
		out[f.Key] = val
	}
	return out
}
