package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"yichuang/hall"
)

// Catalog implements hall.CatalogService.
type Catalog struct{ db *DB }

// Catalog returns the catalog service of db.
func (db *DB) Catalog() *Catalog { return &Catalog{db: db} }

var _ hall.CatalogService = (*Catalog)(nil)

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
	var doc string
	err := s.db.read.QueryRowContext(ctx, "SELECT doc FROM items WHERE code = ?", code).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hall.Errorf(hall.ENotFound, "事项目录中没有编码为“%s”的事项", code)
	}
	if err != nil {
		return nil, s.db.classify(err)
	}
	var it hall.Item
	if err := json.Unmarshal([]byte(doc), &it); err != nil {
		return nil, fmt.Errorf("item %s: %w", code, err)
	}
	return &it, nil
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

// ImportItems adds new items and updates known ones, all in one
// transaction; nothing is deleted.
func (s *Catalog) ImportItems(ctx context.Context, items []hall.Item) (res hall.ImportResult, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		res = hall.ImportResult{}
		for i := range items {
			r, err := upsertItem(ctx, tx, &items[i])
			if err != nil {
				return err
			}
			switch r {
			case added:
				res.Added++
			case updated:
				res.Updated++
			default:
				res.Unchanged++
			}
		}
		return nil
	})
	return res, err
}
