package store

import (
	"bytes"
	"context"
	"time"

	"yichuang/secure"
)

// sealDoc seals a document's personal fields under the store's key
// (Key.sealDoc).
func (s *Store) sealDoc(doc []byte) (string, error) {
	out, err := s.key.sealDoc(doc)
	return string(out), err
}

// sealDocCompact is sealDoc of a document as a desk sent it: a document
// with something to seal comes out re-encoded, so compact; one without is
// compacted here.
func (s *Store) sealDocCompact(doc []byte) (string, error) {
	out, err := s.key.sealDoc(doc)
	if err != nil || !bytes.Equal(out, doc) {
		return string(out), err
	}
	return string(compact(doc)), nil
}

// openDoc opens what sealDoc sealed.
func (s *Store) openDoc(doc string) ([]byte, error) { return s.key.openDoc(doc) }

// sealClear seals what an older store wrote in clear: desk secrets, the
// personal fields of cases, events and audit records, and the names in
// them, giving each case its name hash. It runs at every open, in one
// transaction, and finds nothing to do once done. When it sealed anything,
// the file is rebuilt (VACUUM) so that the clear rows' old pages do not
// linger in free pages or the WAL.
func (s *Store) sealClear(ctx context.Context) error {
	if err := s.migrate(ctx); err != nil {
		return err
	}
	sealed := 0
	err := s.update(ctx, func(tx *txn, now time.Time) error {
		sealed = 0
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
		n, err := sealCaseNames(ctx, tx, s.key, s.key, false)
		if err != nil {
			return err
		}
		sealed += len(secrets) + n
		for _, t := range []struct{ table, key string }{{"case_events", "id"}, {"audit_records", "rowid"}} {
			n, err := s.sealTable(ctx, tx, t.table, t.key)
			if err != nil {
				return err
			}
			sealed += n
		}
		return nil
	})
	if err != nil || sealed == 0 || s.d.pg {
		return err // PostgreSQL's VACUUM does not overwrite the old rows either: see docs/adr/0024
	}
	for _, q := range []string{"PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if _, err := s.write.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) sealTable(ctx context.Context, tx *txn, table, key string) (int, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+key+", doc FROM "+table)
	if err != nil {
		return 0, err
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
			return 0, err
		}
		if secure.HasClearPersonal([]byte(x.v)) || hasClearName([]byte(x.v)) {
			clear = append(clear, x)
		}
	}
	rows.Close()
	for _, x := range clear {
		doc, err := s.sealDoc([]byte(x.v))
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET doc = ? WHERE "+key+" = ?", doc, x.k); err != nil {
			return 0, err
		}
	}
	return len(clear), nil
}

// migrate adds the columns a store made by an older version lacks.
func (s *Store) migrate(ctx context.Context) error {
	for _, c := range []struct{ table, column string }{{"uploads", "case_id"}, {"files", "file_key"}, {"cases", "bundle_id"},
		{"cases", "name_hash"}} {
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
	// The index needs the column, which a store made before it lacks until
	// the loop above: so it is made here, not in schema.sql.
	_, err := s.write.ExecContext(ctx, "CREATE INDEX IF NOT EXISTS cases_name ON cases (name_hash)")
	return err
}
