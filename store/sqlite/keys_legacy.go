package sqlite

import (
	"context"
	"encoding/json"

	"yichuang/hall"
	"yichuang/secure"
)

// sealedDocs are the JSON columns that may carry personal data.
var sealedDocs = []struct{ table, id, doc string }{
	{"cases", "id", "doc"},
	{"case_events", "id", "doc"},
	{"outbox", "seq", "body"},
	{"drafts", "id", "doc"},
	{"sync_conflicts", "id", "doc"},
}

// sealExisting seals the personal data written while the desk had no keys
// (before its first admin), and gives those cases their look-up hash. It
// runs inside Setup's transaction: afterwards nothing personal is in clear.
func sealExisting(ctx context.Context, tx *Tx, key *secure.DataKey) (int, error) {
	n, err := sealSettings(ctx, tx, key)
	if err != nil {
		return n, err
	}
	names, err := sealAttachmentNames(ctx, tx, key)
	if n += names; err != nil {
		return n, err
	}
	for _, d := range sealedDocs {
		var exists int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?",
			d.table).Scan(&exists); err != nil || exists == 0 {
			if err != nil {
				return n, err
			}
			continue // a table of a feature this build does not have
		}
		rows, err := tx.QueryContext(ctx, "SELECT "+d.id+", "+d.doc+" FROM "+d.table)
		if err != nil {
			return n, err
		}
		type row struct{ id, doc string }
		var clear []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.doc); err != nil {
				rows.Close()
				return n, err
			}
			if secure.HasClearPersonal([]byte(r.doc)) {
				clear = append(clear, r)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, err
		}
		for _, r := range clear {
			sealed, err := key.Cipher().SealJSON([]byte(r.doc))
			if err != nil {
				return n, err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE "+d.table+" SET "+d.doc+" = ? WHERE "+d.id+" = ?",
				string(sealed), r.id); err != nil {
				return n, err
			}
			if d.table == "cases" {
				var c hall.Case
				if json.Unmarshal([]byte(r.doc), &c) == nil && c.Applicant.IDNumber != "" {
					if _, err := tx.ExecContext(ctx, "UPDATE cases SET applicant_key = ? WHERE id = ?",
						key.LookupHash(c.Applicant.IDNumber), r.id); err != nil {
						return n, err
					}
				}
			}
			n++
		}
	}
	return n, nil
}

// sealAttachmentNames seals the original names of scans attached before
// the desk had keys.
func sealAttachmentNames(ctx context.Context, tx *Tx, key *secure.DataKey) (int, error) {
	rows, err := tx.QueryContext(ctx, "SELECT sha256, name FROM attachments WHERE name NOT LIKE '#sm4:%'")
	if err != nil {
		return 0, err
	}
	clear := map[string]string{}
	for rows.Next() {
		var sum, name string
		if err := rows.Scan(&sum, &name); err != nil {
			rows.Close()
			return 0, err
		}
		clear[sum] = name
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for sum, name := range clear {
		if _, err := tx.ExecContext(ctx, "UPDATE attachments SET name = ? WHERE sha256 = ?",
			key.Cipher().SealString(name), sum); err != nil {
			return 0, err
		}
	}
	return len(clear), nil
}
