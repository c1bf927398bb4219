package forms

import "time"

// Fill is a value a form may enter for the clerk: Value for the top-level
// field Key.
type Fill struct {
	Key   string
	Value string
}

// FromID returns what the resident ID numbers in v tell of the fields tied
// to them by id_birth_matches (the birth date, YYYY-MM-DD) and
// id_gender_matches (男 or 女) rules, in rule order. An ID gives nothing
// until it is a valid number as of today (length, date, check character):
// half an ID never fills a field. The form decides whether to enter a
// value; a value already entered that disagrees is refused by the rule.
func (s *Schema) FromID(v Values, today time.Time) []Fill {
	if s == nil {
		return nil
	}
	idx := indexOf(s.Fields)
	var out []Fill
	for _, r := range s.Rules {
		if len(r.Fields) != 2 || (r.Kind != RuleIDBirthMatches && r.Kind != RuleIDGenderMatches) {
			continue
		}
		a, okA := idx[r.Fields[0]]
		b, okB := idx[r.Fields[1]]
		if !okA || !okB || s.Fields[a].Type != TypeIDNumber {
			continue
		}
		raw, _ := asString(v[s.Fields[a].Key])
		id := NormalizeID(raw)
		if id == "" || residentIDProblem(id, today.Format("20060102")) != nil {
			continue
		}
		var val string
		switch r.Kind {
		case RuleIDBirthMatches:
			val, _ = IDBirthDate(id)
		case RuleIDGenderMatches:
			val = IDGender(id)
		}
		if val != "" {
			out = append(out, Fill{Key: s.Fields[b].Key, Value: val})
		}
	}
	return out
}
