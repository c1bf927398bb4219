package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"time"

	"yichuang/backupfile"
)

// The files retention removes besides the records: a purged case's scans
// (files/, unless a case still kept refers to the same scan) and notices
// (documents/<number>-*.pdf, as documents.Path names them), and the copies
// a restore kept (before-restore-<time>/: a whole earlier database with its
// desk key and scans) once older than the period. The data directory's
// layout is datadir's; the store knows it through its database's path.

// caseScans lists the scans a case refers to that no other unpurged case
// refers to, and forgets their records (size, type, original name).
func caseScans(ctx context.Context, tx *Tx, caseID string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT f.value FROM cases c, json_each(c.doc, '$.materials') m,
		json_each(m.value, '$.files') f WHERE c.id = ?1 AND f.type = 'text' AND length(f.value) = 64
		AND NOT EXISTS (SELECT 1 FROM cases o, json_each(o.doc, '$.materials') om, json_each(om.value, '$.files') of
			WHERE o.id <> ?1 AND o.purged_at = '' AND of.value = f.value)`, caseID)
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, s := range out {
		if _, err := tx.ExecContext(ctx, "DELETE FROM attachments WHERE sha256 = ?", s); err != nil {
			return nil, err
		}
	}
	_, err = tx.ExecContext(ctx, "UPDATE file_uploads SET name = '' WHERE case_id = ?", caseID)
	return out, err
}

// removeCaseFiles deletes, after the purge committed, the scans and the
// notices of the purged cases; it returns how many files went.
func (db *DB) removeCaseFiles(scans, nos []string) int {
	dir := filepath.Dir(db.path)
	n := 0
	for _, s := range scans {
		if os.Remove(filepath.Join(dir, "files", s)) == nil {
			n++
		}
	}
	for _, no := range nos {
		if strings.ContainsAny(no, `/\*?[`) {
			continue
		}
		matches, _ := filepath.Glob(filepath.Join(dir, "documents", no+"-*.pdf"))
		for _, m := range matches {
			if os.Remove(m) == nil {
				n++
			}
		}
	}
	return n
}

// removeOldRestoreCopies deletes the before-restore copies made before
// cutoff and returns their names.
func (db *DB) removeOldRestoreCopies(cutoff time.Time) []string {
	dir := filepath.Dir(db.path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, backupfile.KeptDirPrefix) {
			continue
		}
		at, err := time.ParseInLocation("20060102-150405", strings.TrimPrefix(name, backupfile.KeptDirPrefix), time.Local)
		if err != nil || !at.Before(cutoff) {
			continue
		}
		if os.RemoveAll(filepath.Join(dir, name)) == nil {
			out = append(out, name)
		}
	}
	return out
}
