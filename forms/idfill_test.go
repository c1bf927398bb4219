package forms

import (
	"reflect"
	"strings"
	"testing"
)

func TestFromID(t *testing.T) {
	s := mustParse(t, rulesSchema)
	const woman = "11010519491231002X" // 1949-12-31, sequence 002: 女
	man := makeID("34112220010203001") // 2001-02-03, sequence 001: 男
	for _, tc := range []struct {
		name string
		v    Values
		want []Fill
	}{
		{"woman", Values{"id": woman}, []Fill{{"birth", "1949-12-31"}, {"sex", "女"}}},
		{"man", Values{"id": man}, []Fill{{"birth", "2001-02-03"}, {"sex", "男"}}},
		{"as typed: spaces, full width, lower-case x", Values{"id": " 110105 19491231 002ｘ"}, []Fill{{"birth", "1949-12-31"}, {"sex", "女"}}},
		{"entered values do not matter", Values{"id": woman, "birth": "2000-01-01", "sex": "男"}, []Fill{{"birth", "1949-12-31"}, {"sex", "女"}}},
		{"wrong check character", Values{"id": "110105194912310021"}, nil},
		{"half typed", Values{"id": "1101051949"}, nil},
		{"born after today", Values{"id": makeID("11010520300101001")}, nil},
		{"no ID", Values{"birth": "1949-12-31"}, nil},
	} {
		if got := s.FromID(tc.v, testToday); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: FromID = %v, want %v", tc.name, got, tc.want)
		}
	}
	// What FromID fills passes the rules it comes from.
	v := Values{"id": man}
	for _, f := range s.FromID(v, testToday) {
		v[f.Key] = f.Value
	}
	if errs := s.Validate(v, testToday); len(errs) > 0 {
		t.Errorf("filled values refused: %v", errs)
	}
	if got := (*Schema)(nil).FromID(v, testToday); got != nil {
		t.Errorf("nil schema fills %v", got)
	}
}

// TestFromIDOnlyRuleFields: a date or select not tied to the ID by a rule
// is never filled, and other rules give nothing.
func TestFromIDOnlyRuleFields(t *testing.T) {
	s := mustParse(t, `{"version":1,"fields":[
 {"key":"id","label":"公民身份号码","type":"id_number"},
 {"key":"spouse_id","label":"配偶公民身份号码","type":"id_number"},
 {"key":"birth","label":"出生日期","type":"date"},
 {"key":"spouse_sex","label":"配偶性别","type":"select","options":["男","女"]},
 {"key":"other","label":"其他日期","type":"date"}
],"rules":[
 {"kind":"id_gender_matches","fields":["spouse_id","spouse_sex"]},
 {"kind":"date_order","fields":["birth","other"]}
]}`)
	got := s.FromID(Values{"id": "11010519491231002X", "spouse_id": makeID("34112220010203001")}, testToday)
	if want := []Fill{{"spouse_sex", "男"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("FromID = %v, want %v", got, want)
	}
}

// TestIDContradictionNamesField: a sex or birth date that disagrees with
// the ID is refused with a Chinese message naming both fields.
func TestIDContradictionNamesField(t *testing.T) {
	s := mustParse(t, `{"version":1,"fields":[
 {"key":"spouse_id","label":"对方公民身份号码","type":"id_number"},
 {"key":"spouse_gender","label":"对方性别","type":"select","options":["男","女"]},
 {"key":"spouse_birth","label":"对方出生日期","type":"date"}
],"rules":[
 {"kind":"id_birth_matches","fields":["spouse_id","spouse_birth"]},
 {"kind":"id_gender_matches","fields":["spouse_id","spouse_gender"]}
]}`)
	errs := s.Validate(Values{"spouse_id": "11010519491231002X", "spouse_gender": "男", "spouse_birth": "1950-01-01"}, testToday)
	got := strings.Join(messages(errs), "|")
	want := "spouse_gender: “对方性别”与“对方公民身份号码”中的性别（女）不一致|" +
		"spouse_birth: “对方出生日期”与“对方公民身份号码”中的出生日期（1949-12-31）不一致"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
