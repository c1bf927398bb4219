package forms

import (
	"encoding/json"
	"regexp"
	"strings"

	"yichuang/hall"
)

// Field types (docs/form-schema.md, "Types").
const (
	TypeText        = "text"
	TypeTextarea    = "textarea"
	TypeNumber      = "number"
	TypeDate        = "date"
	TypeSelect      = "select"
	TypeMultiselect = "multiselect"
	TypeIDNumber    = "id_number"
	TypeCreditCode  = "credit_code"
	TypePhone       = "phone"
	TypeRegion      = "region"
	TypeAddress     = "address"
	TypeRows        = "rows"
	// TypeEthnicGroup is 民族: a choice of EthnicGroups (GB 3304), stored
	// by name.
	TypeEthnicGroup = "ethnic_group"
)

// Rule kinds (docs/form-schema.md, "Cross-field rules").
const (
	RuleIDBirthMatches  = "id_birth_matches"
	RuleIDGenderMatches = "id_gender_matches"
	RuleDateOrder       = "date_order"
	RuleRequiredIf      = "required_if"
)

// Schema is an item's application form. Version is the form's own
// revision, recorded with every case filled with it.
type Schema struct {
	Version int     `json:"version"`
	Fields  []Field `json:"fields"`
	Rules   []Rule  `json:"rules,omitempty"`

	// patterns holds the compiled patterns of a parsed schema, by source.
	patterns map[string]*regexp.Regexp
}

// Field is one field of a form, or a sub-field of a rows field.
type Field struct {
	Key         string   `json:"key"`
	Label       string   `json:"label"`
	Type        string   `json:"type"`
	Required    bool     `json:"required,omitempty"`
	MinLen      int      `json:"min_len,omitempty"`
	MaxLen      int      `json:"max_len,omitempty"`
	Pattern     string   `json:"pattern,omitempty"`
	PatternMsg  string   `json:"pattern_msg,omitempty"`
	Min         Bound    `json:"min,omitempty"`
	Max         Bound    `json:"max,omitempty"`
	Options     []string `json:"options,omitempty"`
	ShowIf      *ShowIf  `json:"show_if,omitempty"`
	Fields      []Field  `json:"fields,omitempty"`
	MinRows     int      `json:"min_rows,omitempty"`
	MaxRows     int      `json:"max_rows,omitempty"`
	Placeholder string   `json:"placeholder,omitempty"`
	Hint        string   `json:"hint,omitempty"`
}

// ShowIf is a field's condition: the field named by Field equals Equals, or
// is one of In (a multiselect holds when any chosen option does). Exactly
// one of Equals and In is set.
type ShowIf struct {
	Field  string   `json:"field"`
	Equals *string  `json:"equals,omitempty"`
	In     []string `json:"in,omitempty"`
}

// Rule is a cross-field rule. Message, when set, replaces the default
// Chinese message.
type Rule struct {
	Kind    string   `json:"kind"`
	Fields  []string `json:"fields"`
	Message string   `json:"message,omitempty"`
}

// Bound is a min or max: a decimal number for number fields, YYYY-MM-DD or
// "today" for date fields; "" means none. In JSON a number bound may be a
// number or a string.
type Bound string

// Today is the date bound that means the day of the check.
const Today Bound = "today"

// UnmarshalJSON accepts a JSON number, a string or null.
func (b *Bound) UnmarshalJSON(data []byte) error {
	raw := strings.TrimSpace(string(data))
	switch {
	case raw == "null":
		*b = ""
	case strings.HasPrefix(raw, `"`):
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		*b = Bound(s)
	case decimalRE.MatchString(raw):
		*b = Bound(raw)
	default:
		return hall.Errorf(hall.EInvalid, "表单定义中 min/max 的值“%s”应为数字或日期", raw)
	}
	return nil
}

// MarshalJSON writes a decimal bound as a JSON number, any other as a string.
func (b Bound) MarshalJSON() ([]byte, error) {
	if jsonNumberRE.MatchString(string(b)) {
		return []byte(b), nil
	}
	return json.Marshal(string(b))
}

var (
	decimalRE    = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)
	jsonNumberRE = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)
)
