package sqlite

import (
	"context"

	"yichuang/hall"
)

const auditCols = `seq, id, at, user_id, user_name, role, action, object, outcome, detail, prev_hash, hash`

func scanAudit(sc interface{ Scan(...any) error }) (hall.AuditEntry, string, error) {
	var e hall.AuditEntry
	var at, mac string
	err := sc.Scan(&e.Seq, &e.ID, &at, &e.UserID, &e.UserName, &e.Role, &e.Action, &e.Object, &e.Outcome,
		&e.Detail, &e.Prev, &e.Hash, &mac)
	e.At = parseStamp(at)
	return e, mac, err
}

// ListAudit lists audit records, newest first. Admins and supervisors only.
func (a *Audit) ListAudit(ctx context.Context, f hall.AuditFilter) ([]hall.AuditEntry, error) {
	if _, err := a.db.require(ctx, hall.PermViewAudit, "查看审计日志"); err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 200
	}
	rows, err := a.db.read.QueryContext(ctx, `SELECT `+auditCols+`, mac FROM audit_log
		WHERE (?1 = '' OR action = ?1) AND (?2 = '' OR user_id = ?2) AND (?3 = 0 OR seq < ?3)
		ORDER BY seq DESC LIMIT ?4`, string(f.Action), f.UserID, f.Before, limit)
	if err != nil {
		return nil, a.db.classify(err)
	}
	defer rows.Close()
	var out []hall.AuditEntry
	for rows.Next() {
		e, _, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// NextAudit returns up to max records the platform does not have yet, in
// order: the log is its own push queue (the sync engine sends them and
// calls MarkAuditPushed with the last seq the platform confirmed).
func (db *DB) NextAudit(ctx context.Context, max int) ([]hall.AuditEntry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+auditCols+`, mac FROM audit_log
		WHERE seq > coalesce((SELECT seq FROM audit_pushed WHERE id = 1), 0) ORDER BY seq LIMIT ?`, max)
	if err != nil {
		return nil, db.classify(err)
	}
	defer rows.Close()
	var out []hall.AuditEntry
	for rows.Next() {
		e, _, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// MarkAuditPushed records that the platform holds the log up to seq. It
// also anchors the chain: verify reports records missing below it.
func (db *DB) MarkAuditPushed(ctx context.Context, seq int64) error {
	return db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO audit_pushed (id, seq, updated_at) VALUES (1, ?, ?)
			ON CONFLICT (id) DO UPDATE SET seq = max(seq, excluded.seq), updated_at = excluded.updated_at`,
			seq, stamp(tx.Now))
		return err
	})
}
