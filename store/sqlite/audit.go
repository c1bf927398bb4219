package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"yichuang/hall"
	"yichuang/secure"
)

// systemActor names the desk itself as the actor: the sync engine, or a
// headless command on a desk that has no accounts yet.
const systemActor = "系统（命令行或后台）"

// nobodyActor names the actor of a record whose call carried no identity
// (a refusal, or a record written before anyone is known).
const nobodyActor = "未登录"

// appendAudit adds one record to the audit log inside tx, chained to the
// last one, with the calling user (from ctx) as the actor unless e names one.
// Call it in the same transaction as the action it records, so the action
// and its record commit together or not at all.
func appendAudit(ctx context.Context, tx *Tx, e hall.AuditEntry) error {
	if e.UserID == "" && e.UserName == "" {
		u, ok := actor(ctx)
		if !ok {
			e.UserName = nobodyActor
		}
		return appendAuditAs(ctx, tx, u, e)
	}
	return appendAuditAs(ctx, tx, nil, e)
}

// appendAuditAs is appendAudit with the actor given (login, setup: the
// session does not exist yet when the record is written).
func appendAuditAs(ctx context.Context, tx *Tx, u *hall.User, e hall.AuditEntry) error {
	if u != nil {
		e.UserID, e.UserName, e.Role = u.ID, u.DisplayName, u.Role
	} else if e.UserName == "" {
		e.UserName = systemActor
	}
	if e.ID == "" {
		e.ID = NewID()
	}
	e.At = tx.Now
	desk, err := tx.db.deskSecret(ctx, tx)
	if err != nil {
		return err
	}
	var last int64
	prev := secure.Genesis
	err = tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&last, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	e.Seq, e.Prev = last+1, prev
	e.Hash = secure.ChainHash(prev, auditFields(e))
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (seq, id, at, user_id, user_name, role, action, object,
		outcome, detail, prev_hash, hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.ID, stamp(e.At), e.UserID, e.UserName, string(e.Role), string(e.Action), e.Object, e.Outcome,
		e.Detail, e.Prev, e.Hash, secure.ChainMAC(secure.AuditKey(desk), e.Hash))
	return err
}

// auditFields are the hashed fields of a record, in their fixed order.
func auditFields(e hall.AuditEntry) []string {
	return []string{e.ID, stamp(e.At), e.UserID, e.UserName, string(e.Role), string(e.Action), e.Object,
		e.Outcome, e.Detail}
}

// Audit implements hall.AuditService.
type Audit struct{ db *DB }

// Audit returns the audit service of db.
func (db *DB) Audit() *Audit { return &Audit{db: db} }

var _ hall.AuditService = (*Audit)(nil)

// Record appends one record in its own transaction, for actions that are
// not a write of the store (the screen locked, a list exported to a file).
func (a *Audit) Record(ctx context.Context, e hall.AuditEntry) error {
	return a.db.Update(ctx, func(tx *Tx) error { return appendAudit(ctx, tx, e) })
}
