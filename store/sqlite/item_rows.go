package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"yichuang/hall"
)

type upsert int

const (
	unchanged upsert = iota
	added
	updated
)

// upsertItem writes one item and its materials; an identical item is left
// alone so its version and time stay put.
func upsertItem(ctx context.Context, tx *Tx, it *hall.Item) (upsert, error) {
	if it.Status == "" {
		it.Status = hall.ItemActive
	}
	var oldDoc string
	var oldVersion int
	err := tx.QueryRowContext(ctx, "SELECT doc, version FROM items WHERE code = ?", it.Code).Scan(&oldDoc, &oldVersion)
	result := updated
	switch {
	case errors.Is(err, sql.ErrNoRows):
		result = added
		if it.Version == 0 {
			it.Version = 1
		}
	case err != nil:
		return 0, err
	default:
		var old hall.Item
		if json.Unmarshal([]byte(oldDoc), &old) == nil {
			it.Version, it.UpdatedAt = old.Version, old.UpdatedAt
			if same, _ := sameJSON(&old, it); same {
				return unchanged, nil
			}
		}
		it.Version = oldVersion + 1
	}
	it.UpdatedAt = tx.Now.UTC()
	doc, err := json.Marshal(it)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO items (code, task_code, name, type, department, status,
		promise_days, promise_unit, legal_days, legal_unit, version, updated_at, doc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET task_code = excluded.task_code, name = excluded.name,
		type = excluded.type, department = excluded.department, status = excluded.status,
		promise_days = excluded.promise_days, promise_unit = excluded.promise_unit,
		legal_days = excluded.legal_days, legal_unit = excluded.legal_unit,
		version = excluded.version, updated_at = excluded.updated_at, doc = excluded.doc`,
		it.Code, it.TaskCode, it.Name, string(it.Type), it.Department, string(it.Status),
		it.PromiseLimit.Days, string(it.PromiseLimit.Unit), it.LegalLimit.Days, string(it.LegalLimit.Unit),
		it.Version, stamp(it.UpdatedAt), string(doc)); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM item_materials WHERE item_code = ?", it.Code); err != nil {
		return 0, err
	}
	for i, m := range it.Materials {
		if _, err := tx.ExecContext(ctx, `INSERT INTO item_materials (item_code, seq, name, kind, necessity,
			source, originals, copies) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			it.Code, i+1, m.Name, m.Kind, string(m.Necessity), m.Source, m.Originals, m.Copies); err != nil {
			return 0, err
		}
	}
	return result, nil
}

func sameJSON(a, b *hall.Item) (bool, error) {
	x, err := json.Marshal(a)
	if err != nil {
		return false, err
	}
	y, err := json.Marshal(b)
	return string(x) == string(y), err
}
