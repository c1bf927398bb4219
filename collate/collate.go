// Package collate orders Chinese names as a reader of a Chinese list
// expects: by pinyin (县民政局 xian min zheng ju before 县市场监督管理局 xian
// shi chang …), not by Unicode code point, which follows the radical-stroke
// order of the CJK block and reads as random. Names whose pinyin is the same
// fall back to code point order, so the order is total and stable.
package collate

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

var args = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Style = pinyin.Tone3 // the tone as a digit: 妈 ma1 before 马 ma3
	return a
}()

// Key is s spelled for sorting: each Han character as its common reading
// with the tone digit, each other character as itself (letters lower case),
// separated so that a syllable sorts before a longer one (xi before xian).
func Key(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			if p := pinyin.SinglePinyin(r, args); len(p) > 0 && p[0] != "" {
				b.WriteString(p[0])
				b.WriteByte(' ')
				continue
			}
		}
		b.WriteRune(unicode.ToLower(r))
		b.WriteByte(' ')
	}
	return b.String()
}

// Compare orders a and b by Key, then by code point.
func Compare(a, b string) int {
	if c := strings.Compare(Key(a), Key(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
