package forms

import (
	"strings"
	"testing"
)

const allTypes = `{"version":1,"fields":[
 {"key":"name","label":"姓名","type":"text","required":true,"min_len":2,"max_len":10},
 {"key":"plain","label":"代号","type":"text"},
 {"key":"note","label":"备注","type":"textarea"},
 {"key":"addr","label":"住址","type":"address"},
 {"key":"count","label":"人数","type":"number","min":1,"max":10},
 {"key":"amount","label":"金额","type":"number"},
 {"key":"day","label":"办理日期","type":"date","min":"2020-01-01","max":"today"},
 {"key":"kind","label":"类别","type":"select","options":["甲","乙"],"required":true},
 {"key":"tags","label":"标签","type":"multiselect","options":["a","b","c"]},
 {"key":"id","label":"公民身份号码","type":"id_number"},
 {"key":"code","label":"统一社会信用代码","type":"credit_code"},
 {"key":"tel","label":"联系电话","type":"phone"},
 {"key":"area","label":"行政区划","type":"region"},
 {"key":"zip","label":"邮政编码","type":"text","pattern":"[0-9]{6}","pattern_msg":"应为6位数字"},
 {"key":"ref","label":"文号","type":"text","pattern":"[A-Z]+"}
]}`

func TestValidateFieldTypes(t *testing.T) {
	s := mustParse(t, allTypes)
	long := strings.Repeat("长", 10000)
	for _, tc := range []struct {
		key  string
		val  any
		want string // "" for no error; else the whole message
	}{
		{"name", "张三", ""},
		{"name", "   ", "“姓名”不能为空"},
		{"name", nil, "“姓名”不能为空"},
		{"name", "张", "“姓名”至少需要2个字（当前1个）"},
		{"name", "张三李四王五赵六钱七", ""},
		{"name", "张三李四王五赵六钱七孙", "“姓名”不能超过10个字（当前11个）"},
		{"name", "张\x00三", "“姓名”含有不可见的控制字符（第2个字符），请删除后重新输入"},
		{"name", "张\n三", "“姓名”含有不可见的控制字符（第2个字符），请删除后重新输入"},
		{"name", "张\u200b三", "“姓名”含有不可见的控制字符（第2个字符），请删除后重新输入"},
		{"name", "张\xff三", "“姓名”含有无法识别的字符（第2个字符），请删除后重新输入"},
		{"name", map[string]any{}, "“姓名”的内容格式不正确"},
		{"name", true, "“姓名”的内容格式不正确"},
		{"plain", long, "“代号”不能超过200个字（当前10000个）"},
		{"plain", strings.Repeat("长", 200), ""},
		{"note", long, ""},
		{"note", "第一行\n\t第二行", ""},
		{"note", "第一行\r\n第二行", "“备注”含有不可见的控制字符（第4个字符），请删除后重新输入"},
		{"note", strings.Repeat("长", 20001), "“备注”不能超过20000个字（当前20001个）"},
		{"addr", long, "“住址”不能超过200个字（当前10000个）"},
		{"addr", "安徽省合肥市蜀山区", ""},
		{"count", "3", ""},
		{"count", "3.5", ""},
		{"count", 5.0, ""},
		{"count", "0", "“人数”不能小于1"},
		{"count", "10.01", "“人数”不能大于10"},
		{"count", "abc", "“人数”应为数字（如 12 或 3.5）"},
		{"count", "1e1", "“人数”应为数字（如 12 或 3.5）"},
		{"count", "NaN", "“人数”应为数字（如 12 或 3.5）"},
		{"count", "５", "“人数”含全角字符“５”，请改用半角字符"},
		{"amount", "-12.50", ""},
		{"amount", "+7", ""},
		{"amount", "1,000", "“金额”应为数字（如 12 或 3.5）"},
		{"amount", strings.Repeat("9", 31), "“金额”不能超过30个字（当前31个）"},
		{"day", "2024-02-29", ""},
		{"day", "2026-05-20", ""},
		{"day", "2023-02-29", "“办理日期”应为有效日期，格式为“年-月-日”（如 2024-01-31）"},
		{"day", "2024/01/01", "“办理日期”应为有效日期，格式为“年-月-日”（如 2024-01-31）"},
		{"day", "2024-1-1", "“办理日期”应为有效日期，格式为“年-月-日”（如 2024-01-31）"},
		{"day", "2019-12-31", "“办理日期”不能早于2020-01-01"},
		{"day", "2026-05-21", "“办理日期”不能晚于今天（2026-05-20）"},
		{"kind", "乙", ""},
		{"kind", "", "“类别”未选择"},
		{"kind", "丙", "“类别”的值“丙”不在可选项中"},
		{"kind", []any{"甲"}, "“类别”的内容格式不正确"},
		{"tags", []string{"a", "c"}, ""},
		{"tags", []any{"b"}, ""},
		{"tags", []any{}, ""},
		{"tags", []any{"a", 1.0}, "“标签”的内容格式不正确"},
		{"tags", []string{"a", "x"}, "“标签”的值“x”不在可选项中"},
		{"tags", []string{"a", "a"}, "“标签”的选项“a”重复"},
		{"tags", "a", "“标签”的内容格式不正确"},
		{"id", "11010519491231002X", ""},
		{"id", "11010519491231002x", ""},
		{"id", "110105194912310021", "“公民身份号码”校验位错误，应为X"},
		{"id", "1101051949123100", "“公民身份号码”应为18位，当前为16位"},
		{"code", "91350100M000100Y43", ""},
		{"code", "91350100M000100Y44", "“统一社会信用代码”校验位不符（按前17位计算应为3），请核对；确认无误可继续"},
		{"code", "91350100M000100Y4", "“统一社会信用代码”应为18位，当前为17位"},
		{"tel", "13812345678", ""},
		{"tel", "0551-1234567", ""},
		{"tel", "2345678", "“联系电话”应为11位手机号码，或带区号的固定电话（如0551-1234567）"},
		{"area", "341122", ""},
		{"area", "34112", "“行政区划”应为6位或12位数字"},
		{"zip", "230001", ""},
		{"zip", "a230001", "“邮政编码”格式不正确：应为6位数字"},
		{"ref", "ABC", ""},
		{"ref", "ABC1", "“文号”格式不正确"},
	} {
		v := Values{"name": "张三", "kind": "甲", tc.key: tc.val}
		errs := s.Validate(v, testToday)
		var got []FieldError
		for _, e := range errs {
			if e.Path == tc.key {
				got = append(got, e)
			}
		}
		if len(errs) != len(got) {
			t.Errorf("%s=%q: errors on other fields: %q", tc.key, tc.val, messages(errs))
		}
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%s=%.40q: unexpected %q", tc.key, tc.val, messages(got))
		case tc.want != "" && (len(got) != 1 || got[0].Message != tc.want):
			t.Errorf("%s=%.40q: got %q, want %q", tc.key, tc.val, messages(got), tc.want)
		case len(got) == 1 && got[0].Warning != (tc.key == "code" && strings.Contains(tc.want, "校验位")):
			t.Errorf("%s=%q: warning = %v", tc.key, tc.val, got[0].Warning)
		case len(got) == 1 && got[0].Label != s.Fields[indexOf(s.Fields)[tc.key]].Label:
			t.Errorf("%s: label %q", tc.key, got[0].Label)
		}
	}
}

func TestValidateNilAndEmpty(t *testing.T) {
	var nilSchema *Schema
	if errs := nilSchema.Validate(Values{"a": 1}, testToday); errs != nil {
		t.Errorf("nil schema: %v", errs)
	}
	s := mustParse(t, allTypes)
	got := messages(s.Validate(nil, testToday))
	want := []string{"name: “姓名”不能为空", "kind: “类别”未选择"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("empty values: got %q, want %q", got, want)
	}
}

// TestMissingMarksOnlyEmptyRequiredValues: a required value left empty is
// marked Missing (仅收件 may take a case with it, to be filled before 受理);
// a wrong value is not.
func TestMissingMarksOnlyEmptyRequiredValues(t *testing.T) {
	s := mustParse(t, allTypes)
	errs := s.Validate(Values{"name": "", "kind": nil, "tel": "1381234", "count": "0"}, testToday)
	missing := map[string]bool{}
	for _, e := range errs {
		missing[e.Path] = e.Missing
	}
	if len(errs) != 4 || !missing["name"] || !missing["kind"] || missing["tel"] || missing["count"] {
		t.Fatalf("missing marks: %+v", errs)
	}
}
