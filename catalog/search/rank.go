package search

import (
	"sort"
	"strings"

	"yichuang/hall"
)

// A ranked result is a sortable uint64, most significant first:
//
//	bit 56     a weak kind of match (department or result name only)
//	bit 55     withdrawn
//	bits 53–54 distance from the desk's county (same, same prefecture, other)
//	bits 47–52 match kind with its weak and alias marks (match.rankByte)
//	bit 46     a repeat: another entry of the same name ranks better
//	bits 40–45 the desk's own uses of the entry, fewer last (uses.go)
//	bits 32–39 name length
//	bits 0–31  the entry's position in browse order
//
// The desk's county comes before the kind of match (for every match by
// name, keyword, code or pinyin): what this window takes in is its county's
// entries, while another county's entry of the same name is for 通办 only.
// A province repeats each item once per county and township, so within one
// kind the first entry of every name comes before the repeats of any
// (markRepeats): ten townships' 最低生活保障申请受理 do not push the county's
// 最低生活保障审核确认 off the first page.
const (
	idxBits     = 32
	idxMask     = 1<<idxBits - 1
	lenShift    = 32
	usesShift   = 40
	repeatBit   = 1 << 46
	rankShift   = 47
	nearShift   = 53
	withdrawBit = 1 << 55
	tierBit     = 1 << 56
	// browseMask clears what only a query orders by: the catalog with no
	// query is in browse order, the desk's county first.
	browseMask = (1<<nearShift - 1) &^ idxMask
)

func sortKey(rank uint8, x *index, i int) uint64 {
	k := uint64(rank)<<rankShift | x.static[i]
	if rank >= otherRank {
		k |= tierBit
	}
	return k
}

var otherRank = match{kind: hall.MatchOther}.rankByte()

// baseKey is the part of an entry's sort key that no query changes.
func baseKey(e *entry, i int) uint64 {
	k := uint64(min(len(e.name), 255))<<lenShift | uint64(i)
	if e.status == hall.ItemWithdrawn {
		k |= withdrawBit
	}
	return k
}

// useNear sets every entry's distance from the desk's county (same county,
// same prefecture, elsewhere) once per desk, not once per result.
func (x *index) useNear(near string) {
	if x.nearBits != nil && x.near == near {
		return
	}
	x.near, x.nearBits = near, make([]uint64, len(x.entries))
	for i := range x.entries {
		r := x.entries[i].region
		switch {
		case near == "" || r == near:
		case len(near) >= 4 && len(r) >= 4 && r[:4] == near[:4]:
			x.nearBits[i] = 1 << nearShift
		default:
			x.nearBits[i] = 2 << nearShift
		}
	}
	x.restatic()
}

// restatic sets every entry's static sort key bits: one array a query
// reads, where three would cost three cache misses per result.
func (x *index) restatic() {
	if len(x.static) != len(x.entries) {
		x.static = make([]uint64, len(x.entries))
	}
	for i := range x.entries {
		k := x.entries[i].base | x.useBits[i]
		if x.nearBits != nil {
			k |= x.nearBits[i]
		}
		x.static[i] = k
	}
}

// markRepeats sets the repeat bit of every result but the best of its
// name.
func (x *index) markRepeats(keys []uint64) {
	if len(x.nameStamp) != len(x.names.keys) {
		x.nameStamp, x.nameBest = make([]uint32, len(x.names.keys)), make([]uint64, len(x.names.keys))
	}
	if x.nameGen++; x.nameGen == 0 {
		clear(x.nameStamp)
		x.nameGen = 1
	}
	for _, k := range keys {
		n := x.nameOf[k&idxMask]
		if x.nameStamp[n] != x.nameGen || k < x.nameBest[n] {
			x.nameStamp[n], x.nameBest[n] = x.nameGen, k
		}
	}
	for j, k := range keys {
		if k != x.nameBest[x.nameOf[k&idxMask]] {
			keys[j] |= repeatBit
		}
	}
}

// rank returns the sort keys of every entry that q finds.
func (x *index) rank(q hall.SearchQuery) []uint64 {
	from, to := 0, len(x.entries)
	if q.Department != "" {
		d := sort.SearchStrings(x.depts, q.Department)
		if d == len(x.depts) || x.depts[d] != q.Department {
			return []uint64{}
		}
		from, to = x.deptFrom[d][0], x.deptFrom[d][1]
	}
	x.useNear(q.Near)
	keep := func(i int) bool { return i >= from && i < to && (q.Type == "" || x.entries[i].typ == q.Type) }
	terms := parseTerms(q.Text)
	out := []uint64{}
	if len(terms) == 0 { // the catalog in order, the desk's county first
		none := match{kind: hall.MatchNone}.rankByte()
		for i := from; i < to; i++ {
			if keep(i) {
				out = append(out, sortKey(none, x, i)&^browseMask)
			}
		}
		return out
	}
	driver, rest := terms[0], terms[1:]
	for j, t := range terms {
		if len(t.text) > len(driver.text) {
			driver, rest = t, append(append([]term{}, terms[:j]...), terms[j+1:]...)
		}
	}
	found := x.scan(driver)
	out = make([]uint64, 0, len(found))
	for _, i := range found {
		if !keep(int(i)) {
			continue
		}
		rank := x.best[i]
		for _, t := range rest {
			m := x.entryMatch(int(i), t, false)
			if m.kind == hall.MatchNone {
				rank = 0xff
				break
			}
			rank = min(rank, m.rankByte())
		}
		if rank != 0xff {
			out = append(out, sortKey(rank, x, int(i)))
		}
	}
	x.markRepeats(out)
	return out // unsorted: Search sorts what it shows
}

// scan finds every entry holding t and leaves its best rank byte in
// x.best. A distinct name or result name is judged once and its rank
// given to every entry that carries it.
func (x *index) scan(t term) []int32 {
	if len(t.text) > x.maxField {
		return nil
	}
	if x.gen++; x.gen == 0 {
		clear(x.stamp)
		x.gen = 1
	}
	touched := x.touched[:0]
	defer func() { x.touched = touched[:0] }()
	note := func(i int32, rank uint8) {
		if x.stamp[i] != x.gen {
			x.stamp[i], x.best[i] = x.gen, rank
			touched = append(touched, i)
		} else if rank < x.best[i] {
			x.best[i] = rank
		}
	}
	judged := map[int32]bool{}
	fields := []int{fieldName}
	if t.latin {
		fields = append(fields, fieldPinyin, fieldInitials)
	}
	for _, f := range fields {
		for _, id := range x.post.candidates(f, t) {
			if judged[id] {
				continue
			}
			judged[id] = true
			if m := x.nameMatch(id, t, false); m.kind != hall.MatchNone {
				for _, i := range x.names.members[id] {
					note(i, m.rankByte())
				}
			}
		}
	}
	x.scanKeywords(t, note)
	weakOther := match{kind: hall.MatchOther, weak: true}.rankByte()
	for _, id := range x.post.candidates(fieldOther, t) {
		if x.others.keys[id] != "" && strings.Contains(x.others.keys[id], t.text) {
			for _, i := range x.others.members[id] {
				note(i, weakOther)
			}
		}
	}
	if t.ascii {
		exact, prefix := match{kind: hall.MatchExactCode}.rankByte(), match{kind: hall.MatchCodePrefix}.rankByte()
		lo := sort.Search(len(x.codes), func(k int) bool { return x.codes[k].code >= t.upper })
		for k := lo; k < len(x.codes) && strings.HasPrefix(x.codes[k].code, t.upper); k++ {
			if len(x.codes[k].code) == len(t.upper) {
				note(x.codes[k].entry, exact)
			} else {
				note(x.codes[k].entry, prefix)
			}
		}
	}
	other := match{kind: hall.MatchOther}.rankByte()
	for d, key := range x.deptKeys {
		if strings.Contains(key, t.text) || x.deptAlias(int32(d), t) {
			for i := int32(x.deptFrom[d][0]); i < int32(x.deptFrom[d][1]); i++ {
				note(i, other)
			}
		}
	}
	return touched
}

func (x *index) hit(i int, terms []term) hall.SearchHit {
	e := &x.entries[i]
	h := hall.SearchHit{Code: e.code, BasicCode: e.basic, TaskCode: e.task, Name: e.name, Department: e.dept,
		Type: e.typ, TypeName: e.typ.Name(), Status: e.status, PromiseLimit: e.promise, Match: hall.MatchNone,
		Bundle: e.members > 0}
	if n := x.typeNames[e.typ]; n != "" && !e.typ.Known() {
		h.TypeName = n
	}
	best := noMatch
	for _, t := range terms {
		if m := x.entryMatch(i, t, true); m.better(best) {
			best = m
		}
	}
	h.Match, h.MatchField, h.MatchText = best.kind, best.field, best.text
	return h
}
