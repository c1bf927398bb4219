package forms

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// A schema built in code skips Parse: Validate must still work, and must
// not panic on what Parse would refuse.
func TestValidateHandBuilt(t *testing.T) {
	eq := "是"
	s := &Schema{Version: 1, Fields: []Field{
		{Key: "zip", Label: "邮编", Type: TypeText, Pattern: `[0-9]{6}`},
		{Key: "bad", Label: "坏模式", Type: TypeText, Pattern: `[`},
		{Key: "loop1", Label: "循环一", Type: TypeText, Required: true, ShowIf: &ShowIf{Field: "loop2", Equals: &eq}},
		{Key: "loop2", Label: "循环二", Type: TypeText, Required: true, ShowIf: &ShowIf{Field: "loop1", Equals: &eq}},
		{Key: "ghost", Label: "无主", Type: TypeText, Required: true, ShowIf: &ShowIf{Field: "nobody", In: []string{""}}},
		{Key: "odd", Label: "怪类型", Type: "weird", Required: true},
		{Key: "tags", Label: "标签", Type: TypeMultiselect, Options: []string{"a"}},
		{Key: "kids", Label: "子女", Type: TypeRows, Fields: []Field{{Key: "n", Label: "名", Type: TypeText}}},
		{Key: "need", Label: "说明", Type: TypeText},
	}, Rules: []Rule{
		{Kind: RuleRequiredIf, Fields: []string{"need", "tags"}},
		{Kind: RuleRequiredIf, Fields: []string{"need", "kids"}},
		{Kind: RuleRequiredIf, Fields: []string{"need"}},
		{Kind: "unknown", Fields: []string{"zip", "need"}},
	}}
	for _, tc := range []struct {
		v    Values
		want string
	}{
		{Values{"zip": "12345", "bad": "x", "odd": "y"}, "zip: “邮编”格式不正确|ghost: “无主”不能为空"},
		{Values{"zip": "123456", "ghost": "x", "odd": "y", "tags": []string{"a"}}, "need: 填写了“标签”时，“说明”不能为空"},
		{Values{"ghost": "x", "odd": "y", "kids": []any{map[string]any{}}}, "need: 填写了“子女”时，“说明”不能为空"},
		{Values{"ghost": "x", "odd": json.Number("12")}, ""},
		{Values{"ghost": "x", "odd": 7}, ""},
		{Values{"ghost": "x", "odd": int64(7)}, ""},
		{Values{"ghost": "x", "odd": math.NaN()}, "odd: “怪类型”的内容格式不正确"},
	} {
		got := strings.Join(messages(s.Validate(tc.v, testToday)), "|")
		if got != tc.want {
			t.Errorf("%v: got %q, want %q", tc.v, got, tc.want)
		}
	}
	if got := s.Clean(Values{"loop1": "是", "ghost": "x"}); len(got) != 1 || got["ghost"] != "x" {
		t.Errorf("Clean = %v", got)
	}
	var nilSchema *Schema
	if got := nilSchema.Normalize(Values{"a": " x "}); got["a"] != " x " {
		t.Errorf("nil schema Normalize = %v", got)
	}
	if (FieldError{Message: "m"}).Error() != "m" {
		t.Error("FieldError.Error")
	}
}

func TestBoundJSON(t *testing.T) {
	var f Field
	if err := json.Unmarshal([]byte(`{"min":null,"max":"2024-01-01"}`), &f); err != nil || f.Min != "" || f.Max != "2024-01-01" {
		t.Fatalf("got %+v, %v", f, err)
	}
	for b, want := range map[Bound]string{"12": `12`, "-0.5": `-0.5`, "+3": `"+3"`, "007": `"007"`, Today: `"today"`} {
		out, err := json.Marshal(b)
		if err != nil || string(out) != want {
			t.Errorf("Marshal(%q) = %s, %v; want %s", b, out, err, want)
		}
	}
	if err := json.Unmarshal([]byte(`{"min":true}`), &f); err == nil {
		t.Error("a boolean bound was accepted")
	}
}
