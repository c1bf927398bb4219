package forms

import (
	"slices"

	"yichuang/hall"
)

// ruleTypes lists, per rule kind, the types its two fields must have; ""
// allows any type.
var ruleTypes = map[string][2]string{
	RuleIDBirthMatches:  {TypeIDNumber, TypeDate},
	RuleIDGenderMatches: {TypeIDNumber, TypeSelect},
	RuleDateOrder:       {TypeDate, TypeDate},
	RuleRequiredIf:      {"", ""},
}

// checkRules checks that each rule names two different top-level fields of
// the types its kind needs.
func (s *Schema) checkRules() error {
	idx := indexOf(s.Fields)
	for n, r := range s.Rules {
		types, ok := ruleTypes[r.Kind]
		if !ok {
			return hall.Errorf(hall.EInvalid, "第%d条规则的类型“%s”无效，可用：%s、%s、%s、%s", n+1, r.Kind,
				RuleIDBirthMatches, RuleIDGenderMatches, RuleDateOrder, RuleRequiredIf)
		}
		if len(r.Fields) != 2 || r.Fields[0] == r.Fields[1] {
			return hall.Errorf(hall.EInvalid, "第%d条规则（%s）需要两个不同的字段", n+1, r.Kind)
		}
		for k, key := range r.Fields {
			j, ok := idx[key]
			if !ok {
				return hall.Errorf(hall.EInvalid, "第%d条规则（%s）引用了不存在的字段“%s”", n+1, r.Kind, key)
			}
			if want := types[k]; want != "" && s.Fields[j].Type != want {
				return hall.Errorf(hall.EInvalid, "第%d条规则（%s）的字段“%s”应为 %s 类型", n+1, r.Kind, key, want)
			}
		}
		if r.Kind == RuleIDGenderMatches {
			opts := s.Fields[idx[r.Fields[1]]].Options
			if !slices.Contains(opts, "男") || !slices.Contains(opts, "女") {
				return hall.Errorf(hall.EInvalid, "第%d条规则（%s）的字段“%s”的可选项应包含“男”和“女”",
					n+1, r.Kind, r.Fields[1])
			}
		}
	}
	return nil
}
