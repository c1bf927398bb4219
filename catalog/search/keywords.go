package search

import (
	"strings"

	"yichuang/hall"
)

// Keywords and aliases in the search index.
//
// An entry is found by its own keywords (hall.Item.Keywords, handed in one
// a line as Keys.Keywords) and by the words of the alias table whose
// terms its name or result name contains (医保 for every entry whose name
// holds 医疗保障 or 医疗保险). Both are held alike: each distinct word once,
// with the entries that carry it and its pinyin, behind postings of their
// own, so a word is judged once per query however many entries carry it.
// The alias table is the engine's (Engine.UseAliases): the desk hands it the
// bundled one from assets.

// keywordIndex holds the catalog's keywords.
type keywordIndex struct {
	words    texts      // folded words and the entries that carry each
	shown    []string   // per word: as written, for results
	weak     []bool     // per word: an alias found through result names, below those found through names
	alias    []bool     // per word: from the alias table, below an entry's own keyword of the same kind
	readings []nameKeys // per word
	post     postings   // over word ids: fieldName, fieldPinyin, fieldInitials
	ofEntry  [][]int32  // per entry: its word ids
	// per department: the alias words its name holds a term of (医保 for
	// 医疗保障局): every entry of it is found by them, as by the department
	deptWords [][]string
}

// StoredKeywords is how a store keeps an entry's keywords beside it
// (Keys.Keywords): trimmed, inner runs of white space made one space, one a
// line.
func StoredKeywords(kws []string) string {
	return strings.Join(hall.NormalizeKeywords(kws), "\n")
}

// containsWord reports whether ids hold the word of id under another id:
// an alias found through the name need not come again through the result.
func containsWord(k *keywordIndex, ids []int32, id int32) bool {
	for _, x := range ids {
		if k.words.keys[x] == k.words.keys[id] {
			return true
		}
	}
	return false
}

// aliasMatcher finds which aliases' terms a text contains: terms are
// grouped by their first character, so a text costs a map look-up per
// character and a comparison per term that starts there.
type aliasMatcher map[rune][]aliasTerm

type aliasTerm struct {
	term string // folded
	word int32  // keyword id of the alias
}

func (m aliasMatcher) find(text string, out []int32) []int32 {
	for at, r := range text {
		for _, t := range m[r] {
			if strings.HasPrefix(text[at:], t.term) && !containsID(out, t.word) {
				out = append(out, t.word)
			}
		}
	}
	return out
}

func containsID(ids []int32, id int32) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func buildKeywords(x *index, aliases []hall.Alias) *keywordIndex {
	k := &keywordIndex{words: texts{of: map[string]int32{}}, ofEntry: make([][]int32, len(x.entries))}
	// An alias is interned twice: as found through names, and weak, as
	// found through result names (房产证 is the result of every 不动产
	// registration; an entry named for it comes first). An entry's own
	// keyword is interned apart from the alias of the same word: the
	// catalog saying that this word means this entry ranks above the table
	// finding the word's term in a name (低保 is the own keyword of the
	// county's 最低生活保障审核确认, and only by the table a township's
	// 最低生活保障申请受理).
	const (
		ownWord = iota
		aliasWord
		weakAlias
	)
	intern := func(w string, kind int) int32 {
		key := fold(w)
		at := key
		switch kind {
		case weakAlias:
			at = "\x00" + key
		case ownWord:
			at = "\x01" + key
		}
		weak := kind == weakAlias
		if id, ok := k.words.of[at]; ok {
			return id
		}
		id := int32(len(k.words.keys))
		k.words.of[at] = id
		k.words.keys = append(k.words.keys, key)
		k.words.members = append(k.words.members, nil)
		k.shown = append(k.shown, w)
		k.weak = append(k.weak, weak)
		k.alias = append(k.alias, kind != ownWord)
		return id
	}
	m, mWeak := aliasMatcher{}, aliasMatcher{}
	for _, a := range aliases {
		id, weakID := intern(a.Word, aliasWord), intern(a.Word, weakAlias)
		for _, t := range a.Terms {
			t = fold(t)
			if r := []rune(t); len(r) > 0 {
				m[r[0]] = append(m[r[0]], aliasTerm{t, id})
				mWeak[r[0]] = append(mWeak[r[0]], aliasTerm{t, weakID})
			}
		}
	}
	// The aliases of each distinct name and result name, found once.
	byName := make([][]int32, len(x.names.keys))
	for id, key := range x.names.keys {
		byName[id] = m.find(key, nil)
	}
	byOther := make([][]int32, len(x.others.keys))
	for id, key := range x.others.keys {
		byOther[id] = mWeak.find(key, nil)
	}
	k.deptWords = make([][]string, len(x.deptKeys))
	for d, key := range x.deptKeys {
		for _, id := range m.find(key, nil) {
			k.deptWords[d] = append(k.deptWords[d], k.words.keys[id])
		}
	}
	// Entries with no keywords of their own share the list of their name
	// and result name: a province's counties repeat both.
	shared := map[[2]int32][]int32{}
	for i := range x.entries {
		e := &x.entries[i]
		var own []int32
		for _, w := range strings.Split(e.keywords, "\n") {
			if w = strings.TrimSpace(w); w != "" && !containsID(own, intern(w, ownWord)) {
				own = append(own, intern(w, ownWord))
			}
		}
		pair := [2]int32{e.nameAt, e.otherAt}
		if len(own) == 0 {
			if ids, ok := shared[pair]; ok {
				k.ofEntry[i] = ids
				continue
			}
		}
		ids := own
		for _, id := range byName[e.nameAt] {
			if !containsID(ids, id) && !containsWord(k, ids, id) {
				ids = append(ids, id)
			}
		}
		for _, id := range byOther[e.otherAt] {
			if !containsID(ids, id) && !containsWord(k, ids, id) {
				ids = append(ids, id)
			}
		}
		if len(own) == 0 {
			shared[pair] = ids
		}
		k.ofEntry[i] = ids
	}
	for i, ids := range k.ofEntry {
		for _, id := range ids {
			k.words.members[id] = append(k.words.members[id], int32(i))
		}
	}
	k.words.of = nil
	var pb postingsBuilder
	k.readings = make([]nameKeys, len(k.words.keys))
	for id, key := range k.words.keys {
		if len(k.words.members[id]) == 0 {
			continue // an alias no entry carries: nothing to find
		}
		p := readings(k.shown[id])
		_, initials := pinyinKeys(p)
		k.readings[id] = nameKeys{pinyin: p, initials: initials}
		pb.text(fieldName, key, id)
		pb.syllables(p, id)
		pb.letters(initials, id)
		x.maxField = max(x.maxField, len(key), len(p))
	}
	k.post = pb.build()
	return k
}

// wordMatch judges one keyword: the query is the word (MatchKeyword), is in
// it (MatchKeywordPart), or is its pinyin or initials (MatchPinyin).
func (k *keywordIndex) wordMatch(id int32, t term, text bool) match {
	key := k.words.keys[id]
	if strings.Contains(key, t.text) {
		m := match{kind: hall.MatchKeywordPart, field: "关键词"}
		if len(key) == len(t.text) {
			m.kind = hall.MatchKeyword
		}
		m.weak, m.alias = k.weak[id], k.alias[id]
		if text {
			m.text = k.shown[id]
		}
		return m
	}
	if t.latin {
		if m := matchPinyin(k.readings[id], t, false); m.kind != hall.MatchNone {
			m.field = "关键词" + m.field
			m.alias = k.alias[id]
			if text {
				m.text = k.shown[id]
			}
			return m
		}
	}
	return noMatch
}

// scanKeywords notes every entry that carries a keyword t matches, with
// the rank of that match; see index.scan.
func (x *index) scanKeywords(t term, note func(int32, uint8)) {
	k := x.kw
	judged := map[int32]bool{}
	fields := []int{fieldName}
	if t.latin {
		fields = append(fields, fieldPinyin, fieldInitials)
	}
	for _, f := range fields {
		for _, id := range k.post.candidates(f, t) {
			if judged[id] {
				continue
			}
			judged[id] = true
			if m := k.wordMatch(id, t, false); m.kind != hall.MatchNone {
				r := m.rankByte()
				for _, i := range k.words.members[id] {
					note(i, r)
				}
			}
		}
	}
}

// keywordMatch is the best way t matches one of entry i's keywords.
func (x *index) keywordMatch(i int, t term, text bool) match {
	best := noMatch
	for _, id := range x.kw.ofEntry[i] {
		if m := x.kw.wordMatch(id, t, text); m.better(best) {
			best = m
		}
	}
	return best
}

// deptAlias reports whether t is an alias word of department d.
func (x *index) deptAlias(d int32, t term) bool {
	for _, w := range x.kw.deptWords[d] {
		if w == t.text {
			return true
		}
	}
	return false
}
