package search

import (
	"sync"

	"yichuang/hall"
)

// Entry is one catalog entry as a store hands it to the engine: what the
// results show and the search keys kept beside it (Keys).
type Entry struct {
	Code, Basic, Task, Name, Dept string
	Type                          hall.ItemType
	Status                        hall.ItemStatus
	Promise                       hall.Limit
	Members                       int // a bundle's member count (一件事), 0 for an item
	Keys
}

// Engine is the in-memory search over one catalog: the index of the
// catalog's last revision and the ranking of the last query, so the pages
// of one result list cost a slice each. Its zero value is ready; a store
// holds one and answers hall.SearchService with it. It reads no database.
type Engine struct {
	mu       sync.Mutex
	idx      *index
	revision int64
	built    bool
	lastKey  hall.SearchQuery
	lastText string       // the text lastKey was ranked by (homophones.go)
	last     []uint64     // sort keys of lastKey's results
	sorted   int          // last[:sorted] is in rank order (select.go)
	aliases  []hall.Alias // the alias table applied (keywords.go); nil: none

	uses        map[string]int // the desk's counts of use by code (uses.go)
	usesVersion int64
}

// UseAliases sets the alias table the engine applies to every catalog (the
// desk hands it the bundled one, hall.ParseAliases of assets.Aliases); nil
// applies none. The index is rebuilt at the next search.
func (g *Engine) UseAliases(aliases []hall.Alias) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.aliases, g.built, g.last = aliases, false, nil
}

// AliasWordsOf lists the alias words the engine applies to it (see
// hall.AliasSource).
func (g *Engine) AliasWordsOf(it *hall.Item) []string {
	g.mu.Lock()
	aliases := g.aliases
	g.mu.Unlock()
	return hall.AliasWords(it, aliases)
}

// Source gives the engine the catalog when its revision moved: every entry
// and the provincial type names (code → name).
type Source func() ([]Entry, map[hall.ItemType]string, error)

// Search finds catalog entries (see hall.SearchService) in the catalog at
// revision rev; the index is (re)built from load when rev moved, so a
// search after an import, from this process or another, sees it.
func (g *Engine) Search(q hall.SearchQuery, rev int64, load Source) (hall.SearchResult, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.built || rev != g.revision {
		es, types, err := load()
		if err != nil {
			return hall.SearchResult{}, err
		}
		in := make([]entry, len(es))
		for i, e := range es {
			in[i] = entry{code: e.Code, basic: e.Basic, task: e.Task, name: e.Name, dept: e.Dept, other: e.Other,
				typ: e.Type, status: e.Status, promise: e.Promise, region: hall.TaskRegion(e.Task),
				codes: e.Codes, pinyin: e.Pinyin, keywords: e.Keywords, members: e.Members}
		}
		g.idx, g.revision, g.built, g.last = buildIndex(in, g.aliases), rev, true, nil
		g.idx.typeNames = types
		g.idx.applyUses(g.uses)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	key := q
	key.Offset, key.Limit = 0, 0
	if g.last == nil || g.lastKey != key {
		g.last, g.lastText = g.idx.rankQuery(key)
		g.lastKey, g.sorted = key, 0
	}
	res := hall.SearchResult{Total: len(g.last)}
	if q.Offset < 0 || q.Offset >= len(g.last) {
		return res, nil
	}
	end := min(q.Offset+limit, len(g.last))
	g.sorted = sortUpTo(g.last, g.sorted, end)
	page := g.last[q.Offset:end]
	terms := parseTerms(g.lastText)
	for _, k := range page {
		res.Hits = append(res.Hits, g.idx.hit(int(k&idxMask), terms))
	}
	return res, nil
}
