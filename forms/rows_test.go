package forms

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

const rowsSchema = `{"version":1,"fields":[
 {"key":"members","label":"家庭成员","type":"rows","min_rows":1,"max_rows":3,"fields":[
   {"key":"name","label":"姓名","type":"text","required":true},
   {"key":"relation","label":"与申请人关系","type":"select","options":["配偶","子女","其他"]},
   {"key":"note","label":"关系说明","type":"text","required":true,"show_if":{"field":"relation","equals":"其他"}}]},
 {"key":"pets","label":"宠物","type":"rows","fields":[{"key":"name","label":"名字","type":"text"}]}
]}`

func row(kv ...string) map[string]any {
	r := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		r[kv[i]] = kv[i+1]
	}
	return r
}

func TestRows(t *testing.T) {
	s := mustParse(t, rowsSchema)
	many := make([]any, 101)
	for i := range many {
		many[i] = map[string]any{}
	}
	for _, tc := range []struct {
		name string
		v    Values
		want string
	}{
		{"no rows", Values{}, "members: “家庭成员”至少需要填写1行"},
		{"empty list", Values{"members": []any{}}, "members: “家庭成员”至少需要填写1行"},
		{"one good row", Values{"members": []map[string]any{row("name", "李四", "relation", "配偶")}}, ""},
		{"too many", Values{"members": []any{row("name", "a"), row("name", "b"), row("name", "c"), row("name", "d")}},
			"members: “家庭成员”最多填写3行（当前4行）"},
		{"default cap", Values{"members": []any{row("name", "a")}, "pets": many}, "pets: “宠物”最多填写100行（当前101行）"},
		{"not a list", Values{"members": "李四"}, "members: “家庭成员”的内容格式不正确"},
		{"row not an object", Values{"members": []any{"李四"}}, "members: “家庭成员”的内容格式不正确"},
		{"sub-field errors by row", Values{"members": []any{
			row("name", "李四"), row("relation", "子女"), row("name", "王五", "relation", "其他"),
		}}, "members[1].name: “家庭成员第2行·姓名”不能为空|members[2].note: “家庭成员第3行·关系说明”不能为空"},
		{"show_if within the row", Values{"members": []any{row("name", "王五", "relation", "其他", "note", "表亲")}}, ""},
		{"Values rows", Values{"members": []Values{{"name": "赵六", "relation": "外人"}}},
			"members[0].relation: “家庭成员第1行·与申请人关系”的值“外人”不在可选项中"},
	} {
		got := strings.Join(messages(s.Validate(tc.v, testToday)), "|")
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	errs := s.Validate(Values{"members": []any{map[string]any{}}}, testToday)
	if len(errs) != 1 || errs[0].Label != "家庭成员第1行·姓名" || errs[0].Path != "members[0].name" {
		t.Errorf("row error = %+v", errs)
	}
}

func TestRowsFromJSONAndClean(t *testing.T) {
	s := mustParse(t, rowsSchema)
	var v Values
	raw := `{"members":[{"name":"李四","relation":"配偶","note":"隐藏","x":1},{"name":"王五","relation":"其他","note":"表亲"}],"junk":true}`
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatal(err)
	}
	if errs := s.Validate(v, testToday); len(errs) != 0 {
		t.Fatalf("JSON values: %q", messages(errs))
	}
	want := Values{"members": []map[string]any{
		{"name": "李四", "relation": "配偶"},
		{"name": "王五", "relation": "其他", "note": "表亲"},
	}}
	got := s.Clean(v)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Clean = %#v, want %#v", got, want)
	}
}
