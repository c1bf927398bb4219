package search

import (
	"strings"
	"sync"
	"unicode"

	"github.com/mozillazg/go-pinyin"

	"yichuang/hall"
)

// Keys are an entry's search keys as a store keeps them beside the entry:
// every code upper case and space-separated, the result's name, the name's
// pinyin readings, the entry's keywords one a line (StoredKeywords).
type Keys struct{ Codes, Other, Pinyin, Keywords string }

// KeysOf makes the search keys of it.
func KeysOf(it *hall.Item) Keys {
	var codes []string
	for _, c := range []string{it.Code, it.BasicCode, it.TaskCode, it.HandleCode, it.LocalCode, it.LocalTaskCode, it.LocalHandleCode} {
		c = strings.ToUpper(c)
		if c != "" && !contains(codes, c) {
			codes = append(codes, c)
		}
	}
	return Keys{Codes: strings.Join(codes, " "), Other: it.ResultName, Pinyin: readings(it.Name),
		Keywords: StoredKeywords(it.Keywords)}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// maxReadings caps the readings kept per name. A character with several
// readings (行 xing/hang, 长 chang/zhang, 重 zhong/chong) gives the name
// more than one: the common reading first, then, for each such character,
// the name with that character's second reading. That covers what clerks
// type (银行 yinhang, 长期 changqi) without the product of all choices,
// which would grow the index for readings nobody types.
const maxReadings = 6

var pinyinArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Heteronym = true
	return a
}()

// readings gives the pinyin of a name as syllables joined by ', readings
// joined by a space: "hun'yin'deng'ji". Latin letters and digits are kept
// (lower case) one per syllable, so "ICP备案" reads "i'c'p'bei'an";
// punctuation is dropped.
func readings(name string) string {
	var sylls [][]string // per syllable: its readings, the common one first
	for _, r := range name {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			sylls = append(sylls, []string{strings.ToLower(string(r))})
		case unicode.Is(unicode.Han, r):
			if ps := readingsOf(r); len(ps) > 0 {
				sylls = append(sylls, ps)
			}
		}
	}
	if len(sylls) == 0 {
		return ""
	}
	base := make([]string, len(sylls))
	for i, s := range sylls {
		base[i] = s[0]
	}
	out := []string{strings.Join(base, "'")}
	for i, s := range sylls {
		if len(s) < 2 {
			continue
		}
		if len(out) == maxReadings {
			break
		}
		v := append([]string(nil), base...)
		v[i] = s[1]
		out = append(out, strings.Join(v, "'"))
	}
	return strings.Join(out, " ")
}

// readingsOf memoises go-pinyin, which runs regular expressions for every
// character: a catalog's names use a few thousand characters, 100,000
// names a million times.
func readingsOf(r rune) []string {
	if v, ok := pinyinMemo.Load(r); ok {
		return v.([]string)
	}
	ps := dedupe(pinyin.SinglePinyin(r, pinyinArgs))
	pinyinMemo.Store(r, ps)
	return ps
}

var pinyinMemo sync.Map // rune → []string

func dedupe(ps []string) []string {
	var out []string
	for _, p := range ps {
		if p != "" && !contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// Initials are the pinyin initials of a name in its common reading, as a
// clerk types them ("婚姻登记" → "hydj").
func Initials(name string) string {
	r, _, _ := strings.Cut(readings(name), " ")
	var b strings.Builder
	for _, s := range strings.Split(r, "'") {
		if s != "" {
			b.WriteByte(s[0])
		}
	}
	return b.String()
}
