package forms

import (
	"slices"
	"strings"
)

// visibility tells which fields of one level are shown for the values of
// that level; idx is indexOf(fields). A field is shown when it has no condition, or when the field
// its condition names is shown and holds the value. A condition naming no
// field of the level is tested against an empty value; a loop of
// conditions (which Parse refuses) hides the fields in it.
func visibility(fields []Field, idx map[string]int, v map[string]any) []bool {
	const (
		unknown = iota
		working
		shown
		hidden
	)
	state := make([]int, len(fields))
	var eval func(i int) bool
	eval = func(i int) bool {
		switch state[i] {
		case shown:
			return true
		case hidden, working:
			return false
		}
		state[i] = working
		ok := true
		if c := fields[i].ShowIf; c != nil {
			if j, found := idx[c.Field]; found {
				ok = eval(j) && c.holds(v[c.Field])
			} else {
				ok = c.holds(nil)
			}
		}
		state[i] = hidden
		if ok {
			state[i] = shown
		}
		return ok
	}
	out := make([]bool, len(fields))
	for i := range fields {
		out[i] = eval(i)
	}
	return out
}

// holds reports whether a value meets the condition. Text is compared
// without surrounding spaces; a multiselect meets it when any choice does.
func (c *ShowIf) holds(v any) bool {
	var got []string
	if s, ok := asString(v); ok {
		got = []string{s}
	} else if l, ok := asList(v); ok {
		got = l
	}
	want := c.values()
	for _, g := range got {
		if slices.Contains(want, strings.TrimSpace(g)) {
			return true
		}
	}
	return false
}

// Shown tells, for the fields of one level (a schema's Fields, or a rows
// field's sub-fields) and that level's values, which fields are shown. It
// is the rule Validate and Clean apply, exported so a form on screen hides
// and shows exactly what the checks skip and keep.
func Shown(fields []Field, v map[string]any) []bool {
	return visibility(fields, indexOf(fields), v)
}
