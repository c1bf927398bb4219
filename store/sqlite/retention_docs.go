package sqlite

import (
	"context"
	"encoding/json"

	"yichuang/secure"
)

// purgeDocs rewrites a case's other documents: a "case" member is replaced
// by the purged case, every other personal string is emptied.
func purgeDocs(ctx context.Context, tx *Tx, sel, upd, caseID string, purged []byte) error {
	rows, err := tx.QueryContext(ctx, sel, caseID)
	if err != nil {
		return err
	}
	type row struct{ key, doc string }
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.key, &r.doc); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	rows.Close()
	for _, r := range all {
		var m map[string]json.RawMessage
		doc := []byte(r.doc)
		if json.Unmarshal(doc, &m) == nil && m["case"] != nil {
			m["case"] = purged
			doc, _ = json.Marshal(m)
		}
		doc, err = secure.MapStrings(doc, func(key, s string) (string, error) {
			if secure.IsSealed(s) || secure.IsPersonal(key, s) {
				return "", nil
			}
			return s, nil
		})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, upd, string(doc), r.key); err != nil {
			return err
		}
	}
	return nil
}
