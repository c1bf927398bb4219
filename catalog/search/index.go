package search

import (
	"sort"
	"strings"

	"yichuang/hall"
)

// entry is one catalog entry as the search index holds it.
type entry struct {
	code, basic, task, name, dept, other string
	typ                                  hall.ItemType
	status                               hall.ItemStatus
	promise                              hall.Limit
	region                               string
	codes                                string // upper case, space-separated
	pinyin                               string // as stored: syllables joined by ', readings by a space
	keywords                             string // as stored: one a line (keywords.go)
	members                              int    // a bundle's member count (一件事), 0 for an item
	nameAt, otherAt, deptAt              int32  // into index.names, .others, .depts
	base                                 uint64 // sort key bits no query changes (rank.go)
}

// texts is a set of distinct texts with the entries that carry each. A
// province's 100,000 entries carry a few thousand distinct names (every
// county implements the same items), so a name is judged once per query
// however many counties carry it.
type texts struct {
	keys    []string // folded as queries are
	members [][]int32
	of      map[string]int32 // only while building
}

func (t *texts) add(key string, entry int) int32 {
	id, ok := t.of[key]
	if !ok {
		id = int32(len(t.keys))
		t.of[key] = id
		t.keys = append(t.keys, key)
		t.members = append(t.members, nil)
	}
	t.members[id] = append(t.members[id], int32(entry))
	return id
}

// nameKeys are what a name is searched by besides itself.
type nameKeys struct {
	pinyin   string // stored readings
	initials string // one per reading, space-separated
}

// index is the whole catalog in memory, in browse order (department, name,
// code). Names and result names are found through postings of every
// character and adjacent pair, pinyin through the letters after each
// syllable start, initials through every letter, pair and triple: a term's
// rarest key gives the candidates, each checked once with strings.Index on
// a short text. The work follows the number of distinct texts that match,
// not the size of the catalog, so two-character Chinese, which FTS5's
// trigram tokenizer cannot serve, is as fast as anything else. Codes are
// found by prefix in a sorted list.
type index struct {
	entries  []entry
	names    texts
	pinyins  []nameKeys // per name
	others   texts
	depts    []string // distinct departments, sorted
	deptKeys []string // folded
	deptFrom [][2]int // per department: [first, end) in entries
	post     postings // over name ids (name, pinyin, initials) and other ids
	codes    []codeRef
	maxField int // longest key in bytes: a longer term matches nothing

	typeNames map[hall.ItemType]string // the province's type codes, for hits
	kw        *keywordIndex            // keywords and aliases (keywords.go)

	near     string   // the county nearBits were set for
	nearBits []uint64 // per entry: its distance from near, as sort key bits
	useBits  []uint64 // per entry: the desk's uses of it, as sort key bits (uses.go)
	static   []uint64 // per entry: base | nearBits | useBits, what a query does not change (rank.go)
	nameOf   []int32  // per entry: its name's id, for markRepeats (a compact copy of entry.nameAt)

	// per name, for markRepeats (rank.go)
	nameStamp []uint32
	nameBest  []uint64
	nameGen   uint32

	// scratch for one query, guarded by searchHolder.mu
	stamp   []uint32
	best    []uint8
	gen     uint32
	touched []int32
}

type codeRef struct {
	code  string
	entry int32
}

func buildIndex(es []entry, aliases []hall.Alias) *index {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := &es[i], &es[j]
		if a.dept != b.dept {
			return a.dept < b.dept
		}
		if a.name != b.name {
			return a.name < b.name
		}
		return a.code < b.code
	})
	x := &index{entries: es, stamp: make([]uint32, len(es)), best: make([]uint8, len(es)), useBits: make([]uint64, len(es)),
		names: texts{of: map[string]int32{}}, others: texts{of: map[string]int32{}}}
	for i := range es {
		e := &es[i]
		if len(x.depts) == 0 || x.depts[len(x.depts)-1] != e.dept {
			x.depts = append(x.depts, e.dept)
			x.deptKeys = append(x.deptKeys, fold(e.dept))
			x.deptFrom = append(x.deptFrom, [2]int{i, i})
		}
		e.deptAt = int32(len(x.depts) - 1)
		e.base = baseKey(e, i)
		x.deptFrom[e.deptAt][1] = i + 1
		n := len(x.names.keys)
		e.nameAt = x.names.add(fold(e.name), i)
		x.nameOf = append(x.nameOf, e.nameAt)
		if int(e.nameAt) == n {
			_, initials := pinyinKeys(e.pinyin)
			x.pinyins = append(x.pinyins, nameKeys{pinyin: e.pinyin, initials: initials})
		}
		e.otherAt = x.others.add(fold(e.other), i)
		for _, c := range strings.Fields(e.codes) {
			x.codes = append(x.codes, codeRef{c, int32(i)})
		}
		x.maxField = max(x.maxField, len(e.name), len(e.other), len(e.pinyin), len(e.codes), len(e.dept))
	}
	x.names.of, x.others.of = nil, nil
	var pb postingsBuilder
	for id, k := range x.names.keys {
		pb.text(fieldName, k, id)
		pb.syllables(x.pinyins[id].pinyin, id)
		pb.letters(x.pinyins[id].initials, id)
	}
	for id, k := range x.others.keys {
		pb.text(fieldOther, k, id)
	}
	x.post = pb.build()
	sort.Slice(x.codes, func(i, j int) bool { return x.codes[i].code < x.codes[j].code })
	x.kw = buildKeywords(x, aliases)
	return x
}

// pinyinKeys turns stored readings into the full readings without
// syllable marks and the initials, each space-separated.
func pinyinKeys(stored string) (full, initials string) {
	var f, in []string
	for _, r := range strings.Fields(stored) {
		var b strings.Builder
		for _, s := range strings.Split(r, "'") {
			if s != "" {
				b.WriteByte(s[0])
			}
		}
		f = append(f, strings.ReplaceAll(r, "'", ""))
		if !contains(in, b.String()) {
			in = append(in, b.String())
		}
	}
	return strings.Join(f, " "), strings.Join(in, " ")
}
