package search

import (
	"slices"
	"strings"
)

// postings maps a key to the sorted ids (of names or of result names) that
// hold it, packed in one array: sorting one array of (key, id) pairs is
// much cheaper than growing a slice per key.
type postings struct {
	at  map[uint64][2]int32 // key → [from, to) in ids
	ids []int32
}

func (p *postings) get(k uint64) []int32 {
	r, ok := p.at[k]
	if !ok {
		return nil
	}
	return p.ids[r[0]:r[1]]
}

// postingsBuilder collects (key, entry) pairs while the index is built.
type postingsBuilder struct{ pairs []pair }

type pair struct {
	key   uint64
	entry int32
}

// text posts every character and adjacent pair of s.
func (b *postingsBuilder) text(field int, s string, i int) {
	prev := rune(0)
	for _, r := range s {
		b.pairs = append(b.pairs, pair{gram(field, r, 0, 0), int32(i)})
		if prev != 0 {
			b.pairs = append(b.pairs, pair{gram(field, prev, r, 0), int32(i)})
		}
		prev = r
	}
}

// syllables posts, for each syllable start of each reading, the next two
// and three letters (across syllable marks).
func (b *postingsBuilder) syllables(stored string, i int) {
	for _, r := range strings.Fields(stored) {
		letters := strings.ReplaceAll(r, "'", "")
		at := 0
		for _, s := range strings.Split(r, "'") {
			if at+2 <= len(letters) {
				b.pairs = append(b.pairs, pair{gram(fieldPinyin, rune(letters[at]), rune(letters[at+1]), 0), int32(i)})
			}
			if at+3 <= len(letters) {
				b.pairs = append(b.pairs, pair{gram(fieldPinyin, rune(letters[at]), rune(letters[at+1]), rune(letters[at+2])), int32(i)})
			}
			at += len(s)
		}
	}
}

// letters posts every letter, pair and triple of each space-separated word.
func (b *postingsBuilder) letters(s string, i int) {
	for _, w := range strings.Fields(s) {
		for k := range w {
			b.pairs = append(b.pairs, pair{gram(fieldInitials, rune(w[k]), 0, 0), int32(i)})
			if k+2 <= len(w) {
				b.pairs = append(b.pairs, pair{gram(fieldInitials, rune(w[k]), rune(w[k+1]), 0), int32(i)})
			}
			if k+3 <= len(w) {
				b.pairs = append(b.pairs, pair{gram(fieldInitials, rune(w[k]), rune(w[k+1]), rune(w[k+2])), int32(i)})
			}
		}
	}
}

// Fields with postings.
const (
	fieldName = iota + 1
	fieldOther
	fieldPinyin
	fieldInitials
)

// gram packs a field and up to three characters into a postings key; b and
// c share 24 bits, enough for Latin letters and for c = 0.
func gram(field int, a, b, c rune) uint64 {
	return uint64(field)<<56 | uint64(a)<<32 | uint64(b)<<8 | uint64(c)
}

// candidates are the ids whose field may hold t: the shortest postings
// list among t's keys for that field; nil when it cannot.
func (p *postings) candidates(field int, t term) []int32 {
	r := []rune(t.text)
	width := 2 // names and result names: pairs
	switch {
	case field == fieldPinyin && len(r) < 2:
		return nil // single letters are the initials' business
	case field == fieldPinyin: // the letters after a syllable start
		if len(r) == 2 {
			return p.get(gram(field, r[0], r[1], 0))
		}
		return p.get(gram(field, r[0], r[1], r[2]))
	case field == fieldInitials:
		width = 3
	}
	if len(r) < width {
		switch len(r) {
		case 1:
			return p.get(gram(field, r[0], 0, 0))
		default:
			return p.get(gram(field, r[0], r[1], 0))
		}
	}
	key := func(k int) uint64 {
		if width == 3 {
			return gram(field, r[k], r[k+1], r[k+2])
		}
		return gram(field, r[k], r[k+1], 0)
	}
	best := p.get(key(0))
	for k := 1; k+width <= len(r) && len(best) > 0; k++ {
		if l := p.get(key(k)); len(l) < len(best) {
			best = l
		}
	}
	return best
}

func (b *postingsBuilder) build() postings {
	slices.SortFunc(b.pairs, func(x, y pair) int {
		switch {
		case x.key != y.key:
			if x.key < y.key {
				return -1
			}
			return 1
		}
		return int(x.entry - y.entry)
	})
	p := postings{at: make(map[uint64][2]int32, len(b.pairs)/16), ids: make([]int32, 0, len(b.pairs))}
	for k := 0; k < len(b.pairs); {
		key, from := b.pairs[k].key, int32(len(p.ids))
		for ; k < len(b.pairs) && b.pairs[k].key == key; k++ {
			if id := b.pairs[k].entry; len(p.ids) == int(from) || p.ids[len(p.ids)-1] != id {
				p.ids = append(p.ids, id)
			}
		}
		p.at[key] = [2]int32{from, int32(len(p.ids))}
	}
	b.pairs = nil
	return p
}
