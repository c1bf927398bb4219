package forms

import (
	"fmt"
	"strings"
)

// rules applies the cross-field rules. A rule reports on its second field
// (required_if: on its target), and only when both fields are shown and
// have no problem of their own other than a warning; the rule's message replaces the default.
func (c *checker) rules(s *Schema, idx map[string]int, v Values, shown []bool, perField [][]FieldError) {
	valid := make([]bool, len(s.Fields))
	for i := range valid {
		valid[i] = shown[i] && !hasError(perField[i])
	}
	for _, r := range s.Rules {
		if len(r.Fields) != 2 {
			continue
		}
		a, okA := idx[r.Fields[0]]
		b, okB := idx[r.Fields[1]]
		if !okA || !okB || a == b || !valid[a] || !valid[b] {
			continue
		}
		fa, fb := &s.Fields[a], &s.Fields[b]
		at, msg := b, ""
		switch r.Kind {
		case RuleIDBirthMatches:
			msg = idBirthRule(fa, fb, v)
		case RuleIDGenderMatches:
			msg = idGenderRule(fa, fb, v)
		case RuleDateOrder:
			msg = dateOrderRule(fa, fb, v)
		case RuleRequiredIf:
			at = a
			if !filled(fa, v[fa.Key]) && filled(fb, v[fb.Key]) {
				msg = fmt.Sprintf("填写了“%s”时，“%s”不能为空", fb.Label, fa.Label)
			}
		}
		if msg == "" {
			continue
		}
		if r.Message != "" {
			msg = r.Message
		}
		f := &s.Fields[at]
		perField[at] = append(perField[at], FieldError{Path: f.Key, Label: f.Label, Message: msg})
	}
}

// text reads a single value without surrounding spaces, "" if not text.
func text(v Values, f *Field) string {
	s, _ := asString(v[f.Key])
	return strings.TrimSpace(s)
}

func idBirthRule(id, date *Field, v Values) string {
	birth, ok := IDBirthDate(text(v, id))
	d := text(v, date)
	if !ok || !isDate(d) || birth == d {
		return ""
	}
	return fmt.Sprintf("“%s”与“%s”中的出生日期（%s）不一致", date.Label, id.Label, birth)
}

func idGenderRule(id, sel *Field, v Values) string {
	g := IDGender(text(v, id))
	s := text(v, sel)
	if g == "" || (s != "男" && s != "女") || s == g {
		return ""
	}
	return fmt.Sprintf("“%s”与“%s”中的性别（%s）不一致", sel.Label, id.Label, g)
}

func dateOrderRule(first, second *Field, v Values) string {
	a, b := text(v, first), text(v, second)
	if !isDate(a) || !isDate(b) || a <= b {
		return ""
	}
	return fmt.Sprintf("“%s”不能早于“%s”", second.Label, first.Label)
}

// hasError reports whether errs holds more than warnings.
func hasError(errs []FieldError) bool {
	for _, e := range errs {
		if !e.Warning {
			return true
		}
	}
	return false
}
