package forms

import (
	"reflect"
	"strings"
	"testing"
)

const showIfSchema = `{"version":1,"fields":[
 {"key":"reason","label":"申请事由","type":"select","options":["新生儿登记","补录","其他"]},
 {"key":"other","label":"其他事由说明","type":"textarea","required":true,
  "show_if":{"field":"reason","equals":"其他"}},
 {"key":"detail","label":"补充材料说明","type":"text","required":true,
  "show_if":{"field":"other","equals":"见附件"}},
 {"key":"proof","label":"证明编号","type":"text","required":true,
  "show_if":{"field":"reason","in":["新生儿登记","补录"]}},
 {"key":"needs","label":"需要事项","type":"multiselect","options":["邮寄","复印"]},
 {"key":"post","label":"邮寄地址","type":"address","required":true,
  "show_if":{"field":"needs","equals":"邮寄"}}
]}`

func TestShowIf(t *testing.T) {
	s := mustParse(t, showIfSchema)
	for _, tc := range []struct {
		name string
		v    Values
		want string
	}{
		{"nothing chosen hides all", Values{}, ""},
		{"equals shows", Values{"reason": "其他"}, "other: “其他事由说明”不能为空"},
		{"chain shows", Values{"reason": "其他", "other": "见附件"}, "detail: “补充材料说明”不能为空"},
		{"chain hidden with its parent", Values{"reason": "补录", "other": "见附件", "proof": "1"}, ""},
		{"in shows", Values{"reason": "补录"}, "proof: “证明编号”不能为空"},
		{"hidden value not checked", Values{"reason": "补录", "proof": "1", "other": "\x00"}, ""},
		{"multiselect any", Values{"needs": []any{"复印", "邮寄"}}, "post: “邮寄地址”不能为空"},
		{"multiselect none", Values{"needs": []string{"复印"}}, ""},
	} {
		got := strings.Join(messages(s.Validate(tc.v, testToday)), "|")
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestClean(t *testing.T) {
	s := mustParse(t, showIfSchema+``)
	v := Values{"reason": "补录", "other": "旧的说明", "detail": "x", "proof": "123", "unknown": "drop"}
	got := s.Clean(v)
	want := Values{"reason": "补录", "proof": "123"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Clean = %v, want %v", got, want)
	}
	if len(v) != 5 {
		t.Error("Clean changed its argument")
	}
	var nilSchema *Schema
	if len(nilSchema.Clean(v)) != 0 {
		t.Error("nil schema kept values")
	}
}

func TestNormalize(t *testing.T) {
	s := mustParse(t, `{"version":1,"fields":[
	 {"key":"id","label":"身份证","type":"id_number"},
	 {"key":"tel","label":"电话","type":"phone"},
	 {"key":"n","label":"数量","type":"number"},
	 {"key":"d","label":"日期","type":"date"},
	 {"key":"t","label":"名称","type":"text"},
	 {"key":"note","label":"备注","type":"textarea"},
	 {"key":"k","label":"类别","type":"select","options":[" 甲"]},
	 {"key":"rows","label":"成员","type":"rows","fields":[{"key":"id","label":"身份证","type":"id_number"}]}]}`)
	v := Values{"id": " １１０１０５ １９４９１２３１００２ｘ", "tel": "０５５１－１２３４５６７", "n": " １２ ",
		"d": "２０２４-０１-３１", "t": "  张 三 ", "note": "甲\r\n乙\r", "k": " 甲", "x": 1,
		"rows": []any{map[string]any{"id": "11010519491231002x"}}}
	got := s.Normalize(v)
	want := Values{"id": "11010519491231002X", "tel": "0551-1234567", "n": "12", "d": "2024-01-31",
		"t": "张 三", "note": "甲\n乙", "k": " 甲", "x": 1,
		"rows": []map[string]any{{"id": "11010519491231002X"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Normalize =\n%#v\nwant\n%#v", got, want)
	}
	if errs := s.Validate(got, testToday); len(errs) != 0 {
		t.Errorf("normalized values fail: %q", messages(errs))
	}
}
