package sqlite

import (
	"context"
	"sync"

	"yichuang/hall"
)

// searchHolder keeps the in-memory index of one database and the ranking
// of the last query, so the pages of one result list cost a slice each.
// Its zero value is ready; DB holds one.
type searchHolder struct {
	mu       sync.Mutex
	idx      *index
	revision int64
	lastKey  hall.SearchQuery
	lastText string       // the text lastKey was ranked by (search_homophones.go)
	last     []uint64     // sort keys of lastKey's results
	sorted   int          // last[:sorted] is in rank order (search_select.go)
	aliases  []hall.Alias // nil: the bundled table (search_keywords.go)
}

// Search finds catalog entries (see hall.SearchService). The index is
// (re)built from the database when the catalog's revision moved, so a
// search after an import, from this process or another, sees it.
func (s *Catalog) Search(ctx context.Context, q hall.SearchQuery) (hall.SearchResult, error) {
	h := &s.db.search
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.fresh(ctx, s.db); err != nil {
		return hall.SearchResult{}, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	key := q
	key.Offset, key.Limit = 0, 0
	if h.last == nil || h.lastKey != key {
		h.last, h.lastText = h.idx.rankQuery(key)
		h.lastKey, h.sorted = key, 0
	}
	res := hall.SearchResult{Total: len(h.last)}
	if q.Offset < 0 || q.Offset >= len(h.last) {
		return res, nil
	}
	end := min(q.Offset+limit, len(h.last))
	h.sorted = sortUpTo(h.last, h.sorted, end)
	page := h.last[q.Offset:end]
	terms := parseTerms(h.lastText)
	for _, k := range page {
		res.Hits = append(res.Hits, h.idx.hit(int(k&idxMask), terms))
	}
	return res, nil
}

// fresh reloads the index when the catalog changed since it was built.
func (h *searchHolder) fresh(ctx context.Context, db *DB) error {
	var rev int64
	if err := db.read.QueryRowContext(ctx, "SELECT revision FROM catalog_state WHERE id = 1").Scan(&rev); err != nil {
		return db.classify(err)
	}
	if h.idx != nil && rev == h.revision {
		return nil
	}
	es, err := loadEntries(ctx, db)
	if err != nil {
		return err
	}
	types, err := typeNames(ctx, db.read)
	if err != nil {
		return db.classify(err)
	}
	aliases, err := h.aliasTable()
	if err != nil {
		return err
	}
	h.idx, h.revision, h.last = buildIndex(es, aliases), rev, nil
	h.idx.typeNames = types
	return nil
}

// loadEntries reads what the index needs from item_search alone: reading
// items would read every entry's document. An entry stored before search
// keys existed (a database from before migration 0002) gets them computed.
func loadEntries(ctx context.Context, db *DB) ([]entry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT code, name, department, type, status, promise_days,
		promise_unit, basic_code, task_code, codes, other, pinyin, keywords FROM item_search
		UNION ALL
		SELECT code, name, department, type, status, promise_days, promise_unit, '', task_code, NULL, '', '', ''
		FROM items WHERE code NOT IN (SELECT code FROM item_search)`)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	var out []entry
	for rows.Next() {
		var e entry
		var codes *string
		if err := rows.Scan(&e.code, &e.name, &e.dept, &e.typ, &e.status, &e.promise.Days, &e.promise.Unit,
			&e.basic, &e.task, &codes, &e.other, &e.pinyin, &e.keywords); err != nil {
			return nil, err
		}
		if codes == nil {
			it := hall.Item{Code: e.code, TaskCode: e.task, Name: e.name}
			k := searchKeysOf(&it)
			e.basic, e.codes, e.pinyin = e.code, k.codes, k.pinyin
		} else {
			e.codes = *codes
		}
		e.region = hall.TaskRegion(e.task)
		out = append(out, e)
	}
	return out, db.classify0(rows.Err())
}
