package forms

import (
	"encoding/json"
	"strings"
	"testing"
)

// docExample is the example of docs/form-schema.md.
const docExample = `{
  "version": 1,
  "fields": [
    {"key": "name", "label": "申请人姓名", "type": "text", "required": true, "max_len": 50},
    {"key": "id_number", "label": "公民身份号码", "type": "id_number", "required": true},
    {"key": "birth_date", "label": "出生日期", "type": "date", "required": true},
    {"key": "phone", "label": "联系电话", "type": "phone", "required": true},
    {"key": "reason", "label": "申请事由", "type": "select", "options": ["新生儿登记", "补录", "其他"], "required": true},
    {"key": "other", "label": "其他事由说明", "type": "textarea", "max_len": 500,
     "show_if": {"field": "reason", "equals": "其他"}},
    {"key": "members", "label": "家庭成员", "type": "rows", "min_rows": 1, "max_rows": 10,
     "fields": [
       {"key": "name", "label": "姓名", "type": "text", "required": true},
       {"key": "relation", "label": "与申请人关系", "type": "select", "options": ["配偶", "子女", "父母"]}
     ]}
  ],
  "rules": [
    {"kind": "id_birth_matches", "fields": ["id_number", "birth_date"],
     "message": "出生日期与公民身份号码中的出生日期不一致"}
  ]
}`

func TestParseDocExample(t *testing.T) {
	s := mustParse(t, docExample)
	if s.Version != 1 || len(s.Fields) != 7 || len(s.Rules) != 1 || len(s.Fields[6].Fields) != 2 {
		t.Fatalf("parsed %+v", s)
	}
	if f := s.Fields[5]; f.ShowIf == nil || *f.ShowIf.Equals != "其他" || f.MaxLen != 500 {
		t.Errorf("show_if field parsed as %+v", f)
	}
	out, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	again := mustParse(t, string(out))
	if len(again.Fields) != 7 || again.Fields[6].MaxRows != 10 {
		t.Errorf("round trip lost fields: %s", out)
	}
	// As printed, the doc's example conditions a field on a value that is
	// not among the options, so the field could never be shown.
	_, err = Parse([]byte(strings.Replace(docExample, `, "其他"]`, `]`, 1)))
	wantErr(t, "doc example", err, "show_if 的值“其他”不是字段“reason”的可选项")
}

func TestParseBounds(t *testing.T) {
	s := mustParse(t, `{"version":2,"fields":[
		{"key":"n","label":"人数","type":"number","min":1,"max":"99.5"},
		{"key":"d","label":"日期","type":"date","min":"2000-01-01","max":"today"}]}`)
	if s.Fields[0].Min != "1" || s.Fields[0].Max != "99.5" || s.Fields[1].Max != Today {
		t.Errorf("bounds parsed as %+v", s.Fields)
	}
	out, _ := json.Marshal(s.Fields[0])
	if !strings.Contains(string(out), `"min":1,"max":99.5`) {
		t.Errorf("number bounds marshal as %s", out)
	}
}

func TestParseErrors(t *testing.T) {
	field := func(f string) string { return `{"version":1,"fields":[` + f + `]}` }
	sel := `{"key":"sex","label":"性别","type":"select","options":["男","女"]}`
	id := `{"key":"id","label":"身份证","type":"id_number"}`
	date := `{"key":"d","label":"日期","type":"date"}`
	rule := func(r string) string {
		return `{"version":1,"fields":[` + sel + `,` + id + `,` + date + `],"rules":[` + r + `]}`
	}
	for _, tc := range []struct{ in, want string }{
		{``, "表单定义为空"},
		{`{"version":1,`, "不完整"},
		{`{"version":1 "fields":[]}`, "不是有效的JSON"},
		{`[]`, "应为JSON对象"},
		{`null`, "版本号"},
		{`{"version":"1"}`, "“version”的值类型不正确"},
		{`{"version":1,"fields":[{"key":"a","label":"甲","type":"text","requird":true}]}`, "未知的属性“requird”"},
		{field(`{"key":"a","label":"甲","type":"text"}`) + `x`, "结尾处有多余的内容"},
		{`{"fields":[{"key":"a","label":"甲","type":"text"}]}`, "版本号"},
		{`{"version":1,"fields":[]}`, "至少需要一个字段"},
		{field(`{"label":"甲","type":"text"}`), "第1个字段缺少 key"},
		{field(`{"key":"A","label":"甲","type":"text"}`), "字段“A”：key 无效"},
		{field(`{"key":"1a","label":"甲","type":"text"}`), "key 无效"},
		{field(`{"key":"a-b","label":"甲","type":"text"}`), "key 无效"},
		{field(`{"key":"a","label":"甲","type":"text"},{"key":"a","label":"乙","type":"text"}`), "字段“a”：key 重复"},
		{field(`{"key":"a","label":" ","type":"text"}`), "缺少标签"},
		{field(`{"key":"a","label":"甲\u0007","type":"text"}`), "标签含有控制字符"},
		{field(`{"key":"a","label":"甲","type":"txt"}`), "类型“txt”无效"},
		{field(`{"key":"a","label":"甲"}`), "类型“”无效"},
		{field(`{"key":"a","label":"甲","type":"text","min_len":-1}`), "不能为负数"},
		{field(`{"key":"a","label":"甲","type":"text","min_len":5,"max_len":2}`), "min_len（5）大于 max_len（2）"},
		{field(`{"key":"a","label":"甲","type":"date","max_len":2}`), "只有 text、textarea、address"},
		{field(`{"key":"a","label":"甲","type":"text","pattern":"[0-9"}`), "pattern 不是有效的正则表达式"},
		{field(`{"key":"a","label":"甲","type":"text","pattern":"a)|(b"}`), "pattern 不是有效的正则表达式"},
		{field(`{"key":"a","label":"甲","type":"text","pattern_msg":"须为数字"}`), "没有 pattern"},
		{field(`{"key":"a","label":"甲","type":"select","options":["x"],"pattern":"x"}`), "select 类型不能设置 pattern"},
		{field(`{"key":"a","label":"甲","type":"select"}`), "select 类型必须设置可选项"},
		{field(`{"key":"a","label":"甲","type":"multiselect","options":[]}`), "multiselect 类型必须设置可选项"},
		{field(`{"key":"a","label":"甲","type":"select","options":["x","x"]}`), "可选项“x”重复"},
		{field(`{"key":"a","label":"甲","type":"select","options":["x"," "]}`), "可选项不能为空"},
		{field(`{"key":"a","label":"甲","type":"text","options":["x"]}`), "只有 select 和 multiselect"},
		{field(`{"key":"a","label":"甲","type":"text","min":1}`), "只有 number 和 date"},
		{field(`{"key":"a","label":"甲","type":"number","min":"x"}`), "应为数字"},
		{field(`{"key":"a","label":"甲","type":"number","min":1e3}`), "应为数字或日期"},
		{field(`{"key":"a","label":"甲","type":"number","min":5,"max":4.5}`), "min（5）大于 max（4.5）"},
		{field(`{"key":"a","label":"甲","type":"date","min":"2024-02-30"}`), "YYYY-MM-DD"},
		{field(`{"key":"a","label":"甲","type":"date","min":"2024-02-02","max":"2024-02-01"}`), "晚于 max"},
		{field(`{"key":"a","label":"甲","type":"rows"}`), "rows 类型必须设置子字段"},
		{field(`{"key":"a","label":"甲","type":"rows","fields":[]}`), "rows 类型必须设置子字段"},
		{field(`{"key":"a","label":"甲","type":"text","min_rows":1}`), "只有 rows 类型"},
		{field(`{"key":"a","label":"甲","type":"rows","min_rows":3,"max_rows":2,"fields":[{"key":"b","label":"乙","type":"text"}]}`), "min_rows（3）大于 max_rows（2）"},
		{field(`{"key":"a","label":"甲","type":"rows","fields":[{"key":"b","label":"乙","type":"rows","fields":[{"key":"c","label":"丙","type":"text"}]}]}`), "字段“a.b”：行内不能再嵌套"},
		{field(`{"key":"a","label":"甲","type":"rows","fields":[{"key":"b","label":"乙","type":"bogus"}]}`), "字段“a.b”：类型“bogus”无效"},
		{field(`{"key":"a","label":"甲","type":"rows","fields":[{"label":"乙","type":"text"}]}`), "字段“a”：第1个子字段缺少 key"},
		{field(`{"key":"a","label":"甲","type":"text","show_if":{"field":"zz","equals":"1"}}`), "show_if 引用了不存在的字段“zz”"},
		{field(`{"key":"a","label":"甲","type":"text","show_if":{"field":"a","equals":"1"}}`), "show_if 不能引用字段自身"},
		{field(`{"key":"a","label":"甲","type":"text","show_if":{"equals":"1"}}`), "show_if 缺少 field"},
		{field(sel + `,{"key":"a","label":"甲","type":"text","show_if":{"field":"sex"}}`), "需要 equals 或 in"},
		{field(sel + `,{"key":"a","label":"甲","type":"text","show_if":{"field":"sex","equals":"男","in":["女"]}}`), "其中之一"},
		{field(sel + `,{"key":"a","label":"甲","type":"text","show_if":{"field":"sex","in":["男","未知"]}}`), "“未知”不是字段“sex”的可选项"},
		{field(`{"key":"a","label":"甲","type":"text","show_if":{"field":"b","equals":"1"}},{"key":"b","label":"乙","type":"text","show_if":{"field":"a","equals":"1"}}`), "循环引用"},
		{field(`{"key":"r","label":"行","type":"rows","fields":[{"key":"b","label":"乙","type":"text"}]},{"key":"a","label":"甲","type":"text","show_if":{"field":"r","equals":"1"}}`), "不能引用 rows 字段"},
		{field(sel + `,{"key":"r","label":"行","type":"rows","fields":[{"key":"b","label":"乙","type":"text","show_if":{"field":"sex","equals":"男"}}]}`), "字段“r.b”：show_if 引用的字段“sex”不在同一行中"},
		{rule(`{"kind":"same","fields":["id","d"]}`), "第1条规则的类型“same”无效"},
		{rule(`{"kind":"date_order","fields":["d"]}`), "需要两个不同的字段"},
		{rule(`{"kind":"date_order","fields":["d","d"]}`), "需要两个不同的字段"},
		{rule(`{"kind":"required_if","fields":["d","nope"]}`), "引用了不存在的字段“nope”"},
		{rule(`{"kind":"id_birth_matches","fields":["d","id"]}`), "字段“d”应为 id_number 类型"},
		{rule(`{"kind":"id_gender_matches","fields":["id","d"]}`), "字段“d”应为 select 类型"},
		{rule(`{"kind":"date_order","fields":["d","id"]}`), "字段“id”应为 date 类型"},
		{`{"version":1,"fields":[{"key":"g","label":"性别","type":"select","options":["M","F"]},` + id + `],"rules":[{"kind":"id_gender_matches","fields":["id","g"]}]}`, "应包含“男”和“女”"},
	} {
		s, err := Parse([]byte(tc.in))
		if s != nil {
			t.Errorf("Parse(%s) returned a schema", tc.in)
		}
		wantErr(t, tc.in, err, tc.want)
	}
}
