package forms

import (
	"encoding/json"
	"fmt"
	"testing"
)

// bench100 builds a 100-field schema of every type, with conditions, a
// rows field and rules, and values that pass it.
func bench100(tb testing.TB) (*Schema, Values) {
	type kind struct {
		field map[string]any
		value any
	}
	kinds := []kind{
		{map[string]any{"type": "text", "required": true, "max_len": 50}, "张三丰"},
		{map[string]any{"type": "textarea"}, "申请人因户籍迁移需办理相关登记，已按要求提交全部材料。\n特此说明。"},
		{map[string]any{"type": "number", "min": 0, "max": 100000}, "1280.50"},
		{map[string]any{"type": "date", "min": "1900-01-01", "max": "today"}, "2024-03-15"},
		{map[string]any{"type": "select", "options": []string{"新生儿登记", "补录", "迁入", "迁出"}}, "迁入"},
		{map[string]any{"type": "multiselect", "options": []string{"邮寄", "自取", "复印", "加急"}}, []any{"邮寄", "复印"}},
		{map[string]any{"type": "id_number", "required": true}, "11010519491231002X"},
		{map[string]any{"type": "credit_code"}, "91350100M000100Y43"},
		{map[string]any{"type": "phone", "required": true}, "13812345678"},
		{map[string]any{"type": "region"}, "341122"},
		{map[string]any{"type": "address"}, "安徽省滁州市来安县新安镇建设路88号"},
		{map[string]any{"type": "text", "pattern": "[0-9]{6}", "pattern_msg": "应为6位数字"}, "239200"},
	}
	var fields []map[string]any
	v := Values{}
	for i := 0; len(fields) < 99; i++ {
		k := kinds[i%len(kinds)]
		f := map[string]any{"key": fmt.Sprintf("f%02d", i), "label": fmt.Sprintf("字段%d", i)}
		for a, x := range k.field {
			f[a] = x
		}
		if i%10 == 9 && kinds[(i-1)%len(kinds)].field["type"] == "select" {
			f["show_if"] = map[string]any{"field": fmt.Sprintf("f%02d", i-1), "equals": "迁入"}
		}
		fields = append(fields, f)
		v[f["key"].(string)] = k.value
	}
	fields = append(fields, map[string]any{"key": "members", "label": "家庭成员", "type": "rows", "max_rows": 10,
		"fields": []map[string]any{
			{"key": "name", "label": "姓名", "type": "text", "required": true},
			{"key": "id", "label": "公民身份号码", "type": "id_number"},
			{"key": "relation", "label": "关系", "type": "select", "options": []string{"配偶", "子女", "父母"}},
		}})
	rows := make([]any, 5)
	for i := range rows {
		rows[i] = map[string]any{"name": "李四", "id": "440524188001010014", "relation": "子女"}
	}
	v["members"] = rows
	raw, err := json.Marshal(map[string]any{"version": 3, "fields": fields, "rules": []map[string]any{
		{"kind": "id_birth_matches", "fields": []string{"f06", "f03"}},
		{"kind": "date_order", "fields": []string{"f03", "f15"}},
		{"kind": "required_if", "fields": []string{"f08", "f00"}},
	}})
	if err != nil {
		tb.Fatal(err)
	}
	s, err := Parse(raw)
	if err != nil {
		tb.Fatal(err)
	}
	v["f03"] = "1949-12-31"
	return s, v
}

func TestBenchSchemaValid(t *testing.T) {
	s, v := bench100(t)
	if len(s.Fields) != 100 {
		t.Fatalf("%d fields", len(s.Fields))
	}
	if errs := s.Validate(v, testToday); len(errs) != 0 {
		t.Fatalf("benchmark values fail: %q", messages(errs))
	}
}

func BenchmarkValidate100Fields(b *testing.B) {
	s, v := bench100(b)
	b.ReportAllocs()
	for b.Loop() {
		s.Validate(v, testToday)
	}
}

func BenchmarkParse100Fields(b *testing.B) {
	s, _ := bench100(b)
	raw, _ := json.Marshal(s)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(raw); err != nil {
			b.Fatal(err)
		}
	}
}
