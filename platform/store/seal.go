package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
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

// sealRules names what must be sealed at rest: desk secrets, the personal
// fields and names of cases, events and audit records, and each case's name
// hash. A change of what must be sealed gives it a new value, so that every
// store marked under the old one is scanned again at its next open.
const sealRules = "1"

// SealReport is what a pass of sealClear found in clear and sealed.
type SealReport struct {
	Secrets, Cases, Events, Audit int
}

// Total is how many rows the pass sealed.
func (r SealReport) Total() int { return r.Secrets + r.Cases + r.Events + r.Audit }

// SealedAtOpen is what the open of this Store found in clear and sealed.
func (s *Store) SealedAtOpen() SealReport { return s.sealedAtOpen }

// sealClear seals what an older store wrote in clear: desk secrets, the
// personal fields of cases, events and audit records, and the names in
// them, giving each case its name hash, in one transaction that also
// records in meta ('sealed_rules') that the store holds nothing in clear
// under sealRules. An open (all false) of a store so marked reads nothing:
// at a province's millions of events the scan would hold a write
// transaction for minutes at every start. With all, it scans whatever the
// marker says (SealCheck). When it sealed anything, the SQLite file is
// rebuilt (VACUUM) so that the clear rows' old pages do not linger in free
// pages or the WAL.
func (s *Store) sealClear(ctx context.Context, all bool) (SealReport, error) {
	if err := s.migrate(ctx); err != nil {
		return SealReport{}, err
	}
	var rep SealReport
	err := s.update(ctx, func(tx *txn, now time.Time) error {
		rep = SealReport{}
		if s.d.pg { // instances starting together: one scans, the others then find the marker
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7262202)"); err != nil {
				return err
			}
		}
		var marked string
		err := tx.QueryRowContext(ctx, "SELECT value FROM meta WHERE name = 'sealed_rules'").Scan(&marked)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if !all && marked == sealRules {
			return nil
		}
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
		rep.Secrets = len(secrets)
		if rep.Cases, err = sealCaseNames(ctx, tx, s.key, s.key, false, all); err != nil {
			return err
		}
		if rep.Events, err = s.sealTable(ctx, tx, "case_events", "id"); err != nil {
			return err
		}
		if rep.Audit, err = s.sealTable(ctx, tx, "audit_records", "rowid"); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO meta (name, value) VALUES ('sealed_rules', ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, sealRules)
		return err
	})
	if err != nil || rep.Total() == 0 || s.d.pg {
		return rep, err // PostgreSQL's VACUUM does not overwrite the old rows either: see docs/adr/0024
	}
	for _, q := range []string{"PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if _, err := s.write.ExecContext(ctx, q); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// SealCheck runs sealClear's whole pass whatever the store's marker says:
// for a store an older platform binary has written to since it was
// marked (docs/adr/0013 forbids it; this repairs it). It holds one write
// transaction for the whole scan, so it is run with the platform stopped.
func (s *Store) SealCheck(ctx context.Context) (SealReport, error) { return s.sealClear(ctx, true) }

// Add is r and o together.
func (r SealReport) Add(o SealReport) SealReport {
	return SealReport{r.Secrets + o.Secrets, r.Cases + o.Cases, r.Events + o.Events, r.Audit + o.Audit}
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
