package search

import (
	"strings"

	"yichuang/hall"
)

// match is how one term matched one entry.
type match struct {
	kind  hall.MatchKind
	weak  bool // pinyin from a later syllable, a result name: below others of its kind
	alias bool // through the alias table, not the entry's own name or keyword: below those
	field string
	text  string
}

var noMatch = match{kind: hall.MatchNone}

func (m match) better(o match) bool { return m.rankByte() < o.rankByte() }

// rankByte packs kind, weak and alias for the per-query scratch array and
// the sort key (six bits: rank.go).
func (m match) rankByte() uint8 {
	b := uint8(m.kind) << 2
	if m.weak {
		b |= 2
	}
	if m.alias {
		b |= 1
	}
	return b
}

// entryMatch is the best way t matches entry i, noMatch when it does not.
// With text, it also says which field matched and its text (for the
// results a page shows; ranking does not need it).
func (x *index) entryMatch(i int, t term, text bool) match {
	e := &x.entries[i]
	best := x.nameMatch(e.nameAt, t, text)
	if best.kind == hall.MatchName || best.kind > hall.MatchCodePrefix {
		if t.ascii {
			if m := matchCodes(e, t); m.better(best) {
				best = m
			}
		}
	}
	if best.kind > hall.MatchOther || best.kind == hall.MatchOther && best.weak {
		if m := x.otherMatch(e, t); m.better(best) {
			best = m
		}
	}
	if best.kind > hall.MatchKeyword {
		if m := x.keywordMatch(i, t, text); m.better(best) {
			best = m
		}
	}
	if text && best.field == "名称" {
		best.text = e.name
	}
	return best
}

// nameMatch judges a distinct name: the name itself, then its pinyin.
func (x *index) nameMatch(id int32, t term, text bool) match {
	key := x.names.keys[id]
	if j := strings.Index(key, t.text); j >= 0 {
		m := match{kind: hall.MatchName, field: "名称"}
		switch {
		case len(key) == len(t.text):
			m.kind = hall.MatchExactName
		case j == 0:
			m.kind = hall.MatchNamePrefix
		}
		return m
	}
	if t.latin {
		return matchPinyin(x.pinyins[id], t, text)
	}
	return noMatch
}

// otherMatch is a match by department or result name.
func (x *index) otherMatch(e *entry, t term) match {
	switch {
	case strings.Contains(x.deptKeys[e.deptAt], t.text) || x.deptAlias(e.deptAt, t):
		return match{kind: hall.MatchOther, field: "实施部门", text: e.dept}
	case strings.Contains(x.others.keys[e.otherAt], t.text) && e.other != "":
		return match{kind: hall.MatchOther, weak: true, field: "办理结果", text: e.other}
	}
	return noMatch
}

func matchCodes(e *entry, t term) match {
	best := noMatch
	for s := e.codes; s != ""; {
		var c string
		c, s, _ = strings.Cut(s, " ")
		switch {
		case c == t.upper:
			return match{kind: hall.MatchExactCode, field: codeLabel(e, c), text: c}
		case best.kind == hall.MatchNone && strings.HasPrefix(c, t.upper):
			best = match{kind: hall.MatchCodePrefix, field: codeLabel(e, c), text: c}
		}
	}
	return best
}

// matchPinyin matches the full pinyin from the start of any syllable
// (hunyin, dengji) and the initials anywhere (hydj, dj); from the name's
// start is the stronger match.
func matchPinyin(p nameKeys, t term, text bool) match {
	best := noMatch
	for s := p.pinyin; s != ""; {
		var r string
		r, s, _ = strings.Cut(s, " ")
		for at := 0; at < len(r); {
			if pinyinPrefix(r[at:], t.text) {
				m := match{kind: hall.MatchPinyin, weak: at > 0, field: "拼音"}
				if text {
					m.text = strings.ReplaceAll(r, "'", "")
				}
				if m.better(best) {
					best = m
				}
				break
			}
			j := strings.IndexByte(r[at:], '\'')
			if j < 0 {
				break
			}
			at += j + 1
		}
		if !best.weak && best.kind == hall.MatchPinyin {
			return best
		}
	}
	for s := p.initials; s != ""; {
		var r string
		r, s, _ = strings.Cut(s, " ")
		if j := strings.Index(r, t.text); j >= 0 {
			m := match{kind: hall.MatchPinyin, weak: j > 0, field: "拼音首字母", text: r}
			if m.better(best) {
				best = m
			}
		}
	}
	return best
}

// pinyinPrefix reports whether the letters of r, skipping syllable marks,
// start with q.
func pinyinPrefix(r, q string) bool {
	j := 0
	for k := 0; k < len(r) && j < len(q); k++ {
		if r[k] == '\'' {
			continue
		}
		if r[k] != q[j] {
			return false
		}
		j++
	}
	return j == len(q)
}

func codeLabel(e *entry, c string) string {
	switch c {
	case strings.ToUpper(e.basic):
		return "基本编码"
	case strings.ToUpper(e.task):
		return "实施编码"
	case strings.ToUpper(e.code):
		return "事项编码"
	}
	return "办理项或地方编码"
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
