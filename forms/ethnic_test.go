package forms

import (
	"fmt"
	"strings"
	"testing"
)

// TestEthnicGroupsTable checks the GB 3304 table: 56 groups coded 01–56
// in the standard's order, then 97 其他 and 98 外国血统中国籍人士.
func TestEthnicGroupsTable(t *testing.T) {
	if len(EthnicGroups) != 58 {
		t.Fatalf("%d entries, want 58 (56 groups, 其他, 外国血统中国籍人士)", len(EthnicGroups))
	}
	names := map[string]bool{}
	for i, g := range EthnicGroups {
		want := fmt.Sprintf("%02d", i+1)
		switch i {
		case 56:
			want = "97"
		case 57:
			want = "98"
		}
		if g.Code != want {
			t.Errorf("entry %d (%s) has code %s, want %s", i+1, g.Name, g.Code, want)
		}
		if i < 56 && !strings.HasSuffix(g.Name, "族") {
			t.Errorf("%s %s: a group's name ends in 族", g.Code, g.Name)
		}
		if names[g.Name] {
			t.Errorf("%s listed twice", g.Name)
		}
		names[g.Name] = true
	}
	// Spot checks against the standard, including the groups most often
	// misplaced (朝鲜族 10, not after 普米族; 德昂族 and 毛南族 under their
	// present names).
	for code, name := range map[string]string{"01": "汉族", "02": "蒙古族", "03": "回族", "04": "藏族",
		"05": "维吾尔族", "08": "壮族", "10": "朝鲜族", "11": "满族", "15": "土家族", "36": "毛南族",
		"37": "仡佬族", "46": "德昂族", "56": "基诺族", "97": "其他", "98": "外国血统中国籍人士"} {
		if g, ok := EthnicGroupByCode(code); !ok || g.Name != name {
			t.Errorf("code %s is %q, want %s", code, g.Name, name)
		}
	}
	if g, ok := EthnicGroupByCode("3"); !ok || g.Name != "回族" {
		t.Errorf("code 3 as typed: %v %v", g, ok)
	}
	for _, c := range []string{"", "00", "57", "99", "汉族"} {
		if _, ok := EthnicGroupByCode(c); ok {
			t.Errorf("code %q found", c)
		}
	}
	if got := EthnicGroupNames(); len(got) != 58 || got[0] != "汉族" || got[57] != "外国血统中国籍人士" {
		t.Errorf("names %v", got)
	}
}

func TestEthnicGroupField(t *testing.T) {
	s := mustParse(t, `{"version":1,"fields":[
 {"key":"nation","label":"民族","type":"ethnic_group","required":true},
 {"key":"note","label":"说明","type":"text","show_if":{"field":"nation","equals":"其他"}}
]}`)
	for _, tc := range []struct{ in, stored, want string }{
		{"汉族", "汉族", ""},
		{"外国血统中国籍人士", "外国血统中国籍人士", ""},
		{"03", "回族", ""},
		{"３", "回族", ""},
		{" 满族 ", "满族", ""},
		{"汉", "汉", "nation: “民族”的值“汉”不在可选项中"},
		{"穿青人", "穿青人", "nation: “民族”的值“穿青人”不在可选项中"},
		{"", "", "nation: “民族”未选择"},
	} {
		v := s.Normalize(Values{"nation": tc.in})
		if v["nation"] != tc.stored {
			t.Errorf("%q stored as %q, want %q", tc.in, v["nation"], tc.stored)
		}
		if got := strings.Join(messages(s.Validate(v, testToday)), "|"); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
	for raw, want := range map[string]string{
		`{"version":1,"fields":[{"key":"n","label":"民族","type":"ethnic_group","options":["汉族"]}]}`: "只有 select 和 multiselect 类型可以设置 options",
		`{"version":1,"fields":[{"key":"n","label":"民族","type":"ethnic_group","pattern":"^汉"}]}`:   "ethnic_group 类型不能设置 pattern",
		`{"version":1,"fields":[{"key":"n","label":"民族","type":"ethnic_group"},
		  {"key":"x","label":"说明","type":"text","show_if":{"field":"n","equals":"汉"}}]}`: "show_if 的值“汉”不是字段“n”的可选项",
	} {
		if _, err := Parse([]byte(raw)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", raw, err, want)
		}
	}
}
