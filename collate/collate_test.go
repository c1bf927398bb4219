package collate

import (
	"slices"
	"strings"
	"testing"
)

// TestDepartmentsByPinyin: the departments of a county hall in pinyin order,
// which code point order gets wrong (国 U+56FD sorts after 县 U+53BF, 民
// U+6C11 after 市 U+5E02).
func TestDepartmentsByPinyin(t *testing.T) {
	names := []string{"县市场监督管理局", "国家税务总局清河县税务局", "县民政局", "县公安局", "县残疾人联合会", "县教育局"}
	want := "国家税务总局清河县税务局,县残疾人联合会,县公安局,县教育局,县民政局,县市场监督管理局"
	slices.SortFunc(names, Compare)
	if got := strings.Join(names, ","); got != want {
		t.Errorf("order %s, want %s", got, want)
	}
	byCodePoint := slices.Clone(names)
	slices.Sort(byCodePoint)
	if strings.Join(byCodePoint, ",") == want {
		t.Error("the example does not tell pinyin from code point order")
	}
}

func TestCompareIsTotal(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"西", "县", -1},   // xi1 before xian4: a syllable before a longer one
		{"妈", "马", -1},   // ma1 before ma3
		{"A局", "a局", -1}, // same key: code point decides
		{"局", "局", 0},
		{"", "局", -1},
	} {
		if got := Compare(tc.a, tc.b); got != tc.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
