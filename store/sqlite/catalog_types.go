package sqlite

import (
	"context"

	"yichuang/hall"
)

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
