package store

import (
	"context"
	"fmt"
	"time"
)

// Rekey re-seals everything the store holds under next, in one
// transaction: the desks' secrets, the personal fields of cases, events
// and audit records (names included, and the cases' name hashes), and the
// scans' own keys (the scan files themselves
// are not touched). A failure changes nothing; after a commit the store
// opens with next only. The server must be stopped meanwhile: it would
// go on sealing under the old key.
func (s *Store) Rekey(ctx context.Context, next *Key) (n int, err error) {
	err = s.update(ctx, func(tx *txn, now time.Time) error {
		n = 0
		reseal := func(query, update string, fn func(id, v string) (string, error)) error {
			rows, err := tx.QueryContext(ctx, query)
			if err != nil {
				return err
			}
			type kv struct{ k, v string }
			var all []kv
			for rows.Next() {
				var x kv
				if err := rows.Scan(&x.k, &x.v); err != nil {
					rows.Close()
					return err
				}
				all = append(all, x)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, x := range all {
				v, err := fn(x.k, x.v)
				if err != nil {
					return fmt.Errorf("%s: %w", x.k, err)
				}
				if _, err := tx.ExecContext(ctx, update, v, x.k); err != nil {
					return err
				}
				n++
			}
			return nil
		}
		if err := reseal("SELECT id, secret FROM desks WHERE secret != ''", "UPDATE desks SET secret = ? WHERE id = ?",
			func(id, v string) (string, error) {
				raw, err := s.key.openSecret(id, v)
				if err != nil {
					return "", err
				}
				return next.sealSecret(id, raw), nil
			}); err != nil {
			return err
		}
		if err := reseal("SELECT sha256, file_key FROM files WHERE file_key != ''", "UPDATE files SET file_key = ? WHERE sha256 = ?",
			func(sha, v string) (string, error) {
				raw, err := s.key.openFileKey(sha, v)
				if err != nil {
					return "", err
				}
				return next.sealFileKey(sha, raw), nil
			}); err != nil {
			return err
		}
		cases, err := sealCaseNames(ctx, tx, s.key, next, true, true) // names re-hashed under next's look-up key
		if err != nil {
			return err
		}
		n += cases
		for _, t := range []struct{ table, key string }{{"case_events", "id"}, {"audit_records", "rowid"}} {
			if err := reseal("SELECT CAST("+t.key+" AS TEXT), doc FROM "+t.table, "UPDATE "+t.table+" SET doc = ? WHERE "+t.key+" = ?",
				func(_, v string) (string, error) {
					clear, err := s.openDoc(v)
					if err != nil {
						return "", err
					}
					sealed, err := next.sealDoc(clear)
					return string(sealed), err
				}); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, "UPDATE meta SET value = ? WHERE name = 'key_id'", next.ID())
		return err
	})
	if err == nil {
		s.key = next
	}
	return n, err
}
