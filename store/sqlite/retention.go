package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"yichuang/hall"
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
