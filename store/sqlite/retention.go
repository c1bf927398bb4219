package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"yichuang/backupfile"
	"yichuang/hall"
	"yichuang/secure"
)

// Retention: a case that is finished (办结, 送达 or 不予受理), unchanged for
// the retention period and fully confirmed by the platform (every outbox
// entry of it done) loses its personal data: the applicant's numbers,
// address and form values are removed and the name masked, in the case, its
// events, its outbox entries and the draft it came from. The case number,
// states, dates, events and the audit log stay.

// RetentionDays is the period from settings (hall.DefaultRetentionDays
// when unset; 0 keeps personal data).
func (db *DB) RetentionDays(ctx context.Context) int {
	v, _ := db.Setting(ctx, hall.SettingRetentionDays)
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return n
	}
	return hall.DefaultRetentionDays
}

// PurgeExpired purges the cases past the retention period in one
// transaction and audits the run. It needs no key (it removes, it does not
// read) and no role: it carries out the period an admin set, whoever is
// logged in when it runs.
func (db *DB) PurgeExpired(ctx context.Context, days int) (int, error) {
	if days <= 0 {
		return 0, nil
	}
	var n int
	var scans, nos []string
	err := db.Update(ctx, func(tx *Tx) error {
		scans, nos = nil, nil
		cutoff := stamp(tx.Now.Add(-time.Duration(days) * 24 * time.Hour))
		rows, err := tx.QueryContext(ctx, `SELECT c.id, c.no FROM cases c
			WHERE c.purged_at = '' AND c.state IN ('办结', '送达', '不予受理', '撤回') AND c.updated_at < ?
			AND EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.id)
			AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.id AND o.state <> 'done')
			ORDER BY c.updated_at`, cutoff)
		if err != nil {
			return err
		}
		var ids []string
		for rows.Next() {
			var id, no string
			if err := rows.Scan(&id, &no); err != nil {
				rows.Close()
				return err
			}
			ids, nos = append(ids, id), append(nos, no)
		}
		rows.Close()
		if len(ids) == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA secure_delete = ON"); err != nil {
			return err
		}
		defer tx.ExecContext(ctx, "PRAGMA secure_delete = OFF")
		for _, id := range ids {
			own, err := caseScans(ctx, tx, id)
			if err != nil {
				return err
			}
			scans = append(scans, own...)
			if err := purgeCase(ctx, tx, id); err != nil {
				return fmt.Errorf("purge case %s: %w", id, err)
			}
		}
		n = len(ids)
		return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditPurge, Object: nos[0] + " 至 " + nos[len(nos)-1],
			Outcome: hall.AuditOK, Detail: fmt.Sprintf("保存期 %d 天已满、平台已确认的办结办件 %d 件（扫描件 %d 个及其文书一并删除）",
				days, n, len(scans))})
	})
	if err != nil {
		return 0, err
	}
	if n > 0 {
		_, _ = db.write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)") // old page images leave the WAL too
		db.removeCaseFiles(scans, nos)
	}
	if kept := db.removeOldRestoreCopies(db.Now().Add(-time.Duration(days) * 24 * time.Hour)); len(kept) > 0 {
		_ = db.Update(ctx, func(tx *Tx) error {
			return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditPurge, Object: strings.Join(kept, "、"),
				Outcome: hall.AuditOK, Detail: fmt.Sprintf("保存期 %d 天已满：删除恢复前保留的数据副本 %d 份", days, len(kept))})
		})
	}
	return n, nil
}

func purgeCase(ctx context.Context, tx *Tx, id string) error {
	c, err := loadCase(ctx, tx.Tx, id)
	if err != nil {
		return err
	}
	purgeApplicant(c)
	doc, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET applicant_name = ?, applicant_key = '', purged_at = ?,
		doc = ? WHERE id = ?`, c.Applicant.Name, stamp(tx.Now), string(doc), id); err != nil {
		return err
	}
	if err := purgeDocs(ctx, tx, "SELECT seq, body FROM outbox WHERE case_id = ?", "UPDATE outbox SET body = ? WHERE seq = ?", id, doc); err != nil {
		return err
	}
	if err := purgeDocs(ctx, tx, "SELECT id, doc FROM case_events WHERE case_id = ?", "UPDATE case_events SET doc = ? WHERE id = ?", id, doc); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE drafts SET title = ?, doc = json_set(doc, '$.applicant', json('{}'),
		'$.form', json('{}'), '$.title', ?) WHERE case_id = ?`, c.Applicant.Name, c.Applicant.Name, id)
	return err
}

// purgeApplicant removes the applicant's numbers and address and masks the
// names; the form's values go too.
func purgeApplicant(c *hall.Case) {
	a := &c.Applicant
	a.IDNumber, a.Phone, a.Address, a.ContactPhone, a.BirthDate = "", "", "", "", ""
	a.Name, a.LegalRep, a.ContactName = maskName(a.Name), maskName(a.LegalRep), maskName(a.ContactName)
	c.Form = nil
}

// maskName keeps a name's first character: 张喆 → 张*.
func maskName(s string) string {
	r := []rune(s)
	if len(r) <= 1 {
		return s
	}
	return string(r[:1]) + strings.Repeat("*", len(r)-1)
}

// PurgeDue purges with the period from settings (hall.RetentionService).
func (db *DB) PurgeDue(ctx context.Context) (int, error) {
	return db.PurgeExpired(ctx, db.RetentionDays(ctx))
}

var _ hall.RetentionService = (*DB)(nil)

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
