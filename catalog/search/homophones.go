package search

import (
	"strings"
	"unicode"

	"yichuang/hall"
)

// rankQuery ranks q; when a query with Chinese finds nothing, it is read
// again as the pinyin of its characters. A pinyin IME's usual slip is a
// homophone (登计 for 登记, 低宝 for 低保): same sounds, other characters,
// which the name's pinyin still finds. It returns the text that was ranked,
// for the hits to say what matched.
func (x *index) rankQuery(q hall.SearchQuery) ([]uint64, string) {
	out := x.rank(q)
	if len(out) > 0 {
		return out, q.Text
	}
	alt, ok := homophoneQuery(q.Text)
	if !ok {
		return out, q.Text
	}
	q.Text = alt
	return x.rank(q), alt
}

// homophoneQuery is q with each word that holds at least two Chinese
// characters written as their common pinyin; false when no word has.
func homophoneQuery(q string) (string, bool) {
	words := strings.Fields(q)
	changed := false
	for i, w := range words {
		han := 0
		for _, r := range w {
			if unicode.Is(unicode.Han, r) {
				han++
			}
		}
		if han < 2 {
			continue
		}
		first, _, _ := strings.Cut(readings(w), " ")
		if p := strings.ReplaceAll(first, "'", ""); p != "" {
			words[i], changed = p, true
		}
	}
	return strings.Join(words, " "), changed
}
