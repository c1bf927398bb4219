package hall

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bounds of an entry's keywords: enough for every everyday name of an item,
// small enough that a province's list cannot bloat the search index.
const (
	MaxKeywords       = 30
	MaxKeywordLen     = 20 // characters
	keywordSeparators = "、,，;；/|\n"
)

// SplitKeywords reads a 关键词 cell: several values separated by 、 , ， ; ；
// / | or line breaks, trimmed, empties and repeats dropped, in order.
func SplitKeywords(cell string) []string {
	f := strings.FieldsFunc(cell, func(r rune) bool { return strings.ContainsRune(keywordSeparators, r) })
	return NormalizeKeywords(f)
}

// NormalizeKeywords trims each keyword and drops empties and repeats,
// keeping the first spelling; nil when none is left.
func NormalizeKeywords(kws []string) []string {
	var out []string
	for _, k := range kws {
		k = strings.Join(strings.Fields(k), " ")
		if k == "" || containsString(out, k) {
			continue
		}
		out = append(out, k)
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkKeywords bounds an entry's keywords; each message names the word.
func checkKeywords(bad func(field, msg string), kws []string) {
	if len(kws) > MaxKeywords {
		bad("keywords", "关键词有 "+strconv.Itoa(len(kws))+" 个，最多 "+strconv.Itoa(MaxKeywords)+" 个")
		return
	}
	seen := map[string]bool{}
	for _, k := range kws {
		t := strings.TrimSpace(k)
		switch n := utf8.RuneCountInString(t); {
		case n == 0:
			bad("keywords", "关键词不能为空白")
		case n > MaxKeywordLen:
			bad("keywords", "关键词“"+t+"”超过 "+strconv.Itoa(MaxKeywordLen)+" 个字")
		case !utf8.ValidString(t):
			bad("keywords", "关键词含有无效字符")
		case seen[t]:
			bad("keywords", "关键词“"+t+"”重复")
		}
		seen[t] = true
	}
}
