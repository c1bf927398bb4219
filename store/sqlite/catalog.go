package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"yichuang/hall"
)

// Catalog implements hall.CatalogService.
type Catalog struct{ db *DB }

// Catalog returns the catalog service of db.
func (db *DB) Catalog() *Catalog { return &Catalog{db: db} }

var (
	_ hall.CatalogService  = (*Catalog)(nil)
	_ hall.CatalogImporter = (*Catalog)(nil)
	_ hall.SearchService   = (*Catalog)(nil)
)

// CountItems counts every item, withdrawn ones included.
func (s *Catalog) CountItems(ctx context.Context) (n int, err error) {
	err = s.db.read.QueryRowContext(ctx, "SELECT count(*) FROM items").Scan(&n)
	return n, s.db.classify0(err)
}

// ListItems lists items by department and name.
func (s *Catalog) ListItems(ctx context.Context, f hall.ItemFilter) ([]hall.ItemSummary, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT code, name, type, department, status,
		promise_days, promise_unit, legal_days, legal_unit FROM items
		WHERE (?1 = '' OR department = ?1) AND (?2 = '' OR type = ?2)
		ORDER BY department, name LIMIT ?3`, f.Department, string(f.Type), limit)
	if err != nil {
		return nil, s.db.classify(err)
	}
	defer rows.Close()
	var out []hall.ItemSummary
	for rows.Next() {
		var it hall.ItemSummary
		if err := rows.Scan(&it.Code, &it.Name, &it.Type, &it.Department, &it.Status,
			&it.PromiseLimit.Days, &it.PromiseLimit.Unit, &it.LegalLimit.Days, &it.LegalLimit.Unit); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, s.db.classify0(rows.Err())
}

// Item returns one item with its whole guide.
func (s *Catalog) Item(ctx context.Context, code string) (*hall.Item, error) {
	var doc []byte
	var at string
	var version int
	var typeName *string // the table's name for a province's code: the province may have renamed it since
	err := s.db.read.QueryRowContext(ctx, `SELECT i.doc, i.version, i.updated_at, t.name FROM items i
		LEFT JOIN item_types t ON t.code = i.type AND t.national = 0 WHERE i.code = ?`, code).
		Scan(&doc, &version, &at, &typeName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hall.Errorf(hall.ENotFound, "事项目录中没有编码为“%s”的事项", code)
	}
	if err != nil {
		return nil, s.db.classify(err)
	}
	it, err := decodeItem(doc, version, at)
	if err != nil {
		return nil, fmt.Errorf("item %s: %w", code, err)
	}
	if typeName != nil {
		it.TypeName = *typeName
	}
	return it, nil
}

// Departments lists departments with their item counts.
func (s *Catalog) Departments(ctx context.Context) ([]hall.DepartmentCount, error) {
	rows, err := s.db.read.QueryContext(ctx,
		"SELECT department, count(*) FROM items GROUP BY department ORDER BY department")
	if err != nil {
		return nil, s.db.classify(err)
	}
	defer rows.Close()
	var out []hall.DepartmentCount
	for rows.Next() {
		var d hall.DepartmentCount
		if err := rows.Scan(&d.Department, &d.Items); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// History lists what happened to an entry, newest first.
func (s *Catalog) History(ctx context.Context, code string) ([]hall.ItemChange, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT version, at, kind, source, fields FROM item_history
		WHERE item_code = ? ORDER BY version DESC`, code)
	if err != nil {
		return nil, s.db.classify(err)
	}
	defer rows.Close()
	var out []hall.ItemChange
	for rows.Next() {
		ch := hall.ItemChange{Code: code}
		var at, fields string
		if err := rows.Scan(&ch.Version, &at, &ch.Kind, &ch.Source, &fields); err != nil {
			return nil, err
		}
		ch.At = parseStamp(at)
		if fields != "" {
			ch.Fields = strings.Split(fields, "、")
		}
		out = append(out, ch)
	}
	return out, s.db.classify0(rows.Err())
}

// Types is the item-type table, national codes and the province's, in
// code order.
func (s *Catalog) Types(ctx context.Context) ([]hall.TypeInfo, error) {
	rows, err := s.db.read.QueryContext(ctx, "SELECT code, name, national FROM item_types ORDER BY code")
	if err != nil {
		return nil, s.db.classify(err)
	}
	defer rows.Close()
	var out []hall.TypeInfo
	for rows.Next() {
		var t hall.TypeInfo
		if err := rows.Scan(&t.Code, &t.Name, &t.National); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, s.db.classify0(rows.Err())
}

// typeNames reads the provincial codes the table knows, code → name.
func typeNames(ctx context.Context, q querier) (map[hall.ItemType]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT code, name FROM item_types WHERE national = 0")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[hall.ItemType]string{}
	for rows.Next() {
		var code hall.ItemType
		var name string
		if err := rows.Scan(&code, &name); err != nil {
			return nil, err
		}
		out[code] = name
	}
	return out, rows.Err()
}

// learnTypes adds the provincial codes a checked batch names, and renames
// one whose name the province changed: the platform's table is the truth.
func learnTypes(ctx context.Context, tx *Tx, items []hall.Item, known map[hall.ItemType]string) error {
	for i := range items {
		t, name := items[i].Type, items[i].TypeName
		if t.Known() || name == "" || known[t] == name {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO item_types (code, name, national, updated_at) VALUES (?, ?, 0, ?)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at`,
			string(t), name, stamp(tx.Now)); err != nil {
			return err
		}
		known[t] = name
	}
	return nil
}
