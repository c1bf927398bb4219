package sqlite

import (
	"context"

	"yichuang/catalog/search"
	"yichuang/hall"
)

// Search finds catalog entries (see hall.SearchService) with the desk's
// in-memory engine (catalog/search), which this store feeds from
// item_search whenever the catalog's revision moved.
func (s *Catalog) Search(ctx context.Context, q hall.SearchQuery) (hall.SearchResult, error) {
	db := s.db
	var rev int64
	if err := db.read.QueryRowContext(ctx, "SELECT revision FROM catalog_state WHERE id = 1").Scan(&rev); err != nil {
		return hall.SearchResult{}, db.classify(err)
	}
	if err := db.useCounts(ctx); err != nil {
		return hall.SearchResult{}, err
	}
	return db.search.Search(q, rev, func() ([]search.Entry, map[hall.ItemType]string, error) {
		es, err := loadEntries(ctx, db)
		if err != nil {
			return nil, nil, err
		}
		types, err := typeNames(ctx, db.read)
		return es, types, db.classify0(err)
	})
}

// loadEntries reads what the index needs from item_search alone: reading
// items would read every entry's document. An entry stored before search
// keys existed (a database from before migration 0002) gets them computed.
func loadEntries(ctx context.Context, db *DB) ([]search.Entry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT code, name, department, type, status, promise_days,
		promise_unit, basic_code, task_code, codes, other, pinyin, keywords, members FROM item_search
		UNION ALL
		SELECT code, name, department, type, status, promise_days, promise_unit, '', task_code, NULL, '', '', '', 0
		FROM items WHERE code NOT IN (SELECT code FROM item_search)`)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	var out []search.Entry
	for rows.Next() {
		var e search.Entry
		var codes *string
		if err := rows.Scan(&e.Code, &e.Name, &e.Dept, &e.Type, &e.Status, &e.Promise.Days, &e.Promise.Unit,
			&e.Basic, &e.Task, &codes, &e.Other, &e.Pinyin, &e.Keywords, &e.Members); err != nil {
			return nil, err
		}
		if codes == nil {
			it := hall.Item{Code: e.Code, TaskCode: e.Task, Name: e.Name}
			k := search.KeysOf(&it)
			e.Basic, e.Codes, e.Pinyin = e.Code, k.Codes, k.Pinyin
		} else {
			e.Codes = *codes
		}
		out = append(out, e)
	}
	return out, db.classify0(rows.Err())
}

// UseAliases sets the alias table this database's search applies to every
// catalog (the desk hands it the bundled one; nil applies none); the index
// is rebuilt at the next search.
func (db *DB) UseAliases(aliases []hall.Alias) { db.search.UseAliases(aliases) }

// AliasWordsOf lists the alias words the search applies to it (see
// hall.AliasSource).
func (s *Catalog) AliasWordsOf(it *hall.Item) []string { return s.db.search.AliasWordsOf(it) }

// useCounts hands the search engine the desk's own counts of use (how
// often each entry was taken in here: its cases, a bundle's intakes once
// each), read again only when a case was added since (the cases' largest
// rowid moved). The counts come from one covering index (migration 0011).
func (db *DB) useCounts(ctx context.Context) error {
	var version int64
	if err := db.read.QueryRowContext(ctx, "SELECT coalesce(max(rowid), 0) FROM cases").Scan(&version); err != nil {
		return db.classify(err)
	}
	return db.search.UseCounts(version, func() (map[string]int, error) {
		rows, err := db.read.QueryContext(ctx, `SELECT item_code, count(*) FROM cases GROUP BY item_code
			UNION ALL
			SELECT bundle_code, count(DISTINCT bundle_id) FROM cases WHERE bundle_code != '' GROUP BY bundle_code`)
		if err != nil {
			return nil, db.classify(err)
		}
		defer rows.Close()
		counts := map[string]int{}
		for rows.Next() {
			var code string
			var n int
			if err := rows.Scan(&code, &n); err != nil {
				return nil, err
			}
			counts[code] += n
		}
		return counts, db.classify0(rows.Err())
	})
}
