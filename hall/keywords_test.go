package hall

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitKeywords(t *testing.T) {
	got := SplitKeywords(" 医保 、社保卡,社保卡；ETC  卡|/\n")
	if want := []string{"医保", "社保卡", "ETC 卡"}; !reflect.DeepEqual(got, want) {
		t.Errorf("SplitKeywords = %q, want %q", got, want)
	}
	if SplitKeywords(" 、 ") != nil {
		t.Error("a cell of separators gives keywords")
	}
}

func TestCheckKeywords(t *testing.T) {
	it := Item{Code: "000104001001", TaskCode: "11341122003132658Q1000104001001", Name: "出生登记", Type: TypeConfirmation,
		Department: "公安局", LegalLimit: Limit{20, WorkingDays}, PromiseLimit: Limit{0, WorkingDays}}
	for _, tc := range []struct {
		kws  []string
		want string
	}{
		{[]string{"报户口", " "}, "关键词不能为空白"},
		{[]string{strings.Repeat("字", 21)}, "超过 20 个字"},
		{[]string{"报户口", "报户口"}, "关键词“报户口”重复"},
		{make([]string, 31), "最多 30 个"},
	} {
		it.Keywords = tc.kws
		probs := CheckItem(&it)
		if len(probs) != 1 || probs[0].Field != "keywords" || !strings.Contains(probs[0].Message, tc.want) {
			t.Errorf("%q: %+v, want %q", tc.kws, probs, tc.want)
		}
	}
	it.Keywords = []string{"报户口", "上户口"}
	if probs := CheckItem(&it); len(probs) != 0 {
		t.Errorf("good keywords: %+v", probs)
	}
}

func TestParseAliases(t *testing.T) {
	got, err := ParseAliases([]byte("# 注释\n\n医保\t医疗保障、医疗保险\t简称；文件\r\n医保\t医保电子凭证\t俗称；文件二\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Alias{{Word: "医保", Terms: []string{"医疗保障", "医疗保险", "医保电子凭证"}, Source: "简称；文件；俗称；文件二"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseAliases = %+v", got)
	}
	for in, msg := range map[string]string{
		"医保\t医疗保障\n":         "第 1 行：应有 3 列",
		"\n医保\t\t简称\n":       "第 2 行：别名“医保”没有对应词",
		"医保\t医疗保障\t\n":       "没有注明出处",
		"医保\t医保\t简称\n":       "对应它自己",
		"\t医疗保障\t简称\n":       "别名为空",
		string([]byte{0xff}): "不是 UTF-8",
	} {
		if _, err := ParseAliases([]byte(in)); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%q: %v, want %q", in, err, msg)
		}
	}
	if _, err := ParseAliases(make([]byte, MaxAliasFile+1)); err == nil {
		t.Error("an oversized table was read")
	}
}

func TestAliasWords(t *testing.T) {
	aliases := []Alias{
		{Word: "医保", Terms: []string{"医疗保障", "医疗保险"}},
		{Word: "房产证", Terms: []string{"不动产权证书"}},
		{Word: "报户口", Terms: []string{"出生登记"}},
	}
	it := Item{Name: "城乡居民基本医疗保险参保登记", ResultName: "不动产权证书"}
	if got := AliasWords(&it, aliases); !reflect.DeepEqual(got, []string{"医保", "房产证"}) {
		t.Errorf("AliasWords = %q", got)
	}
	it = Item{Name: "出生登记", Keywords: []string{"报户口"}}
	if got := AliasWords(&it, aliases); got != nil {
		t.Errorf("an own keyword is listed again: %q", got)
	}
}
