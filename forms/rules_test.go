package forms

import (
	"strings"
	"testing"
)

const rulesSchema = `{"version":1,"fields":[
 {"key":"id","label":"公民身份号码","type":"id_number"},
 {"key":"birth","label":"出生日期","type":"date"},
 {"key":"sex","label":"性别","type":"select","options":["男","女","未说明"]},
 {"key":"start","label":"开始日期","type":"date"},
 {"key":"end","label":"结束日期","type":"date","max":"2030-01-01"},
 {"key":"agent","label":"代理人","type":"text"},
 {"key":"agent_id","label":"代理人身份证","type":"id_number","show_if":{"field":"agent","in":["有","是"]}},
 {"key":"agent_tel","label":"代理人电话","type":"phone"}
],"rules":[
 {"kind":"id_birth_matches","fields":["id","birth"]},
 {"kind":"id_gender_matches","fields":["id","sex"],"message":"性别与身份证号码不符"},
 {"kind":"date_order","fields":["start","end"]},
 {"kind":"date_order","fields":["birth","end"]},
 {"kind":"required_if","fields":["agent_tel","agent"]},
 {"kind":"required_if","fields":["agent_id","agent_tel"]}
]}`

func TestRules(t *testing.T) {
	s := mustParse(t, rulesSchema)
	const id = "11010519491231002X" // 1949-12-31, 女
	for _, tc := range []struct {
		name string
		v    Values
		want string
	}{
		{"all agree", Values{"id": id, "birth": "1949-12-31", "sex": "女", "start": "2024-01-01", "end": "2024-01-01"}, ""},
		{"birth differs", Values{"id": id, "birth": "1949-12-30"}, "birth: “出生日期”与“公民身份号码”中的出生日期（1949-12-31）不一致"},
		{"lowercase x id", Values{"id": "11010519491231002x", "birth": "1949-12-31"}, ""},
		{"invalid id: no rule", Values{"id": "110105194912310021", "birth": "1950-01-01"}, "id: “公民身份号码”校验位错误，应为X"},
		{"invalid date: no rule", Values{"id": id, "birth": "1949-13-01"}, "birth: “出生日期”应为有效日期，格式为“年-月-日”（如 2024-01-31）"},
		{"empty date: no rule", Values{"id": id}, ""},
		{"gender differs, own message", Values{"id": id, "sex": "男"}, "sex: 性别与身份证号码不符"},
		{"gender unspecified", Values{"id": id, "sex": "未说明"}, ""},
		{"dates reversed", Values{"start": "2024-02-01", "end": "2024-01-31"}, "end: “结束日期”不能早于“开始日期”"},
		{"two rules on one field", Values{"id": id, "birth": "1950-01-01", "end": "1949-12-31"},
			"birth: “出生日期”与“公民身份号码”中的出生日期（1949-12-31）不一致|end: “结束日期”不能早于“出生日期”"},
		{"end out of bounds: no rule", Values{"start": "2024-02-01", "end": "2031-01-01"}, "end: “结束日期”不能晚于2030-01-01"},
		{"required_if", Values{"agent": "无"}, "agent_tel: 填写了“代理人”时，“代理人电话”不能为空"},
		{"required_if filled", Values{"agent": "无", "agent_tel": "13812345678"}, ""},
		{"required_if target hidden", Values{"agent": "无", "agent_tel": "13812345678", "agent_id": ""}, ""},
		{"required_if target shown", Values{"agent": "有", "agent_tel": "13812345678"}, "agent_id: 填写了“代理人电话”时，“代理人身份证”不能为空"},
		{"required_if other invalid", Values{"agent": "有", "agent_tel": "12"}, "agent_tel: “代理人电话”应为11位手机号码，或带区号的固定电话（如0551-1234567）"},
	} {
		got := strings.Join(messages(s.Validate(tc.v, testToday)), "|")
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestErrorOrder(t *testing.T) {
	s := mustParse(t, `{"version":1,"fields":[
	 {"key":"a","label":"甲","type":"text","required":true},
	 {"key":"id","label":"身份证","type":"id_number"},
	 {"key":"rows","label":"成员","type":"rows","fields":[{"key":"x","label":"名","type":"text","required":true},{"key":"y","label":"号","type":"phone"}]},
	 {"key":"b","label":"乙","type":"date"},
	 {"key":"c","label":"丙","type":"credit_code","required":true}],
	 "rules":[{"kind":"id_birth_matches","fields":["id","b"]},{"kind":"required_if","fields":["a","c"]}]}`)
	v := Values{"id": "11010519491231002X", "b": "2000-01-01", "c": "91350100M000100Y44",
		"rows": []any{map[string]any{"y": "1"}, map[string]any{"x": "好"}, map[string]any{"y": "2"}}}
	var paths []string
	for _, e := range s.Validate(v, testToday) {
		paths = append(paths, e.Path)
	}
	want := "a|rows[0].x|rows[0].y|rows[2].x|rows[2].y|b|c"
	if got := strings.Join(paths, "|"); got != want {
		t.Errorf("order %s, want %s", got, want)
	}
	// A warning still counts as filled and valid for the rules.
	v = Values{"c": "91350100M000100Y44"}
	s.Fields[0].Required = false
	got := messages(s.Validate(v, testToday))
	want = "a: 填写了“丙”时，“甲”不能为空|c: “丙”校验位不符（按前17位计算应为3），请核对；确认无误可继续 (warn)"
	if strings.Join(got, "|") != want {
		t.Errorf("warning and rule: %q", got)
	}
}
