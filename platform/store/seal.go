package store

import (
	"context"
	"time"

	"yichuang/secure"
)

// sealDoc seals the personal fields of a JSON document (ID numbers, phones,
// addresses, and any value shaped like an ID or mobile number) before it
// is written.
func (s *Store) sealDoc(doc []byte) (string, error) {
	out, err := s.key.Cipher().SealJSON(doc)
	return string(out), err
}

// openDoc opens what sealDoc sealed.
func (s *Store) openDoc(doc string) ([]byte, error) {
	if !secure.HasSealed([]byte(doc)) {
		return []byte(doc), nil
	}
	return s.key.Cipher().OpenJSON([]byte(doc))
}

// sealClear seals what an older store wrote in clear: desk secrets and the
// personal fields of cases, events and audit records. It runs at every
// open and finds nothing to do once done.
func (s *Store) sealClear(ctx context.Context) error {
	if err := s.migrate(ctx); err != nil {
		return err
	}
	return s.update(ctx, func(tx *txn, now time.Time) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, secret FROM desks WHERE secret != '' AND secret NOT LIKE '#sm4:%'`)
		if err != nil {
			return err
		}
		type kv struct{ k, v string }
		var secrets []kv
		for rows.Next() {
			var x kv
			if err := rows.Scan(&x.k, &x.v); err != nil {
				rows.Close()
				return err
			}
			secrets = append(secrets, x)
		}
		rows.Close()
		for _, x := range secrets {
			raw, err := s.key.openSecret(x.k, x.v)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE desks SET secret = ? WHERE id = ?", s.key.sealSecret(x.k, raw), x.k); err != nil {
				return err
			}
		}
		for _, t := range []struct{ table, key string }{{"cases", "id"}, {"case_events", "id"}, {"audit_records", "rowid"}} {
			if err := s.sealTable(ctx, tx, t.table, t.key); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Store) sealTable(ctx context.Context, tx *txn, table, key string) error {
	rows, err := tx.QueryContext(ctx, "SELECT "+key+", doc FROM "+table)
	if err != nil {
		return err
	}
	type kv struct {
		k any
		v string
	}
	var clear []kv
	for rows.Next() {
		var x kv
		if err := rows.Scan(&x.k, &x.v); err != nil {
			rows.Close()
			return err
		}
		if secure.HasClearPersonal([]byte(x.v)) {
			clear = append(clear, x)
		}
	}
	rows.Close()
	for _, x := range clear {
		doc, err := s.sealDoc([]byte(x.v))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET doc = ? WHERE "+key+" = ?", doc, x.k); err != nil {
			return err
		}
	}
	return nil
}

// migrate adds the columns a store made by an older version lacks.
func (s *Store) migrate(ctx context.Context) error {
	for _, c := range []struct{ table, column string }{{"uploads", "case_id"}, {"files", "file_key"}, {"cases", "bundle_id"}} {
		var n int
		if err := s.write.QueryRowContext(ctx, s.d.columnCount, c.table, c.column).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			if _, err := s.write.ExecContext(ctx, "ALTER TABLE "+c.table+" ADD COLUMN "+c.column+" TEXT NOT NULL DEFAULT ''"); err != nil {
				return err
			}
		}
	}
	return nil
}
