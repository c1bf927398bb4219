package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
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

// auditCaseEvent checks, inside a case action's transaction, that the
// logged-in user may handle cases, and records the action in the audit
// log: the case, its event, its outbox entry and its audit record commit
// together.
func auditCaseEvent(ctx context.Context, tx *Tx, c *hall.Case, ev hall.Event) error {
	perm, what := ev.Action.Permission()
	if err := tx.db.allow(ctx, perm, what); err != nil {
		return err
	}
	return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditCase, Object: c.No, Outcome: hall.AuditOK,
		Detail: ev.Action.Name() + "：" + string(ev.From) + " → " + string(ev.To)})
}

// setClerk names the calling user as the case's clerk when the caller
// did not: supervisors count cases by clerk.
func setClerk(ctx context.Context, c *hall.Case) {
	if u, _ := actor(ctx); u != nil && c.Clerk == "" {
		c.Clerk = u.DisplayName
	}
}

// setActor names the calling user as the event's actor when the caller
// did not.
func setActor(ctx context.Context, ev *hall.Event) {
	if u, _ := actor(ctx); u != nil && ev.Actor == "" {
		ev.Actor = u.DisplayName
	}
}

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
	out, err := queryList(ctx, a.db.read, scanAuditEntry, `SELECT `+auditCols+`, mac FROM audit_log
		WHERE (?1 = '' OR action = ?1) AND (?2 = '' OR user_id = ?2) AND (?3 = 0 OR seq < ?3)
		ORDER BY seq DESC LIMIT ?4`, string(f.Action), f.UserID, f.Before, limit)
	return out, a.db.classify0(err)
}

// scanAuditEntry is scanAudit for a list, which has no use for the MAC.
func scanAuditEntry(rows *sql.Rows) (hall.AuditEntry, error) {
	e, _, err := scanAudit(rows)
	return e, err
}

// NextAudit returns up to max records the platform does not have yet, in
// order: the log is its own push queue (the sync engine sends them and
// calls MarkAuditPushed with the last seq the platform confirmed).
func (db *DB) NextAudit(ctx context.Context, max int) ([]hall.AuditEntry, error) {
	out, err := queryList(ctx, db.read, scanAuditEntry, `SELECT `+auditCols+`, mac FROM audit_log
		WHERE seq > coalesce((SELECT seq FROM audit_pushed WHERE id = 1), 0) ORDER BY seq LIMIT ?`, max)
	return out, db.classify0(err)
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

// verifyAudit checks the audit log's chain, record by record, and names the
// first record where it does not hold: edited, missing (deleted), moved,
// or recomputed without the desk's key. It also checks that the triggers
// that keep the log append-only are in place, and that records the
// platform already confirmed are still here.
func (db *DB) verifyAudit(ctx context.Context) []Check {
	const name = "审计日志哈希链"
	fail := func(format string, a ...any) []Check { return []Check{{name, false, fmt.Sprintf(format, a...)}} }
	var out []Check
	desk, derr := db.existingDeskSecret(ctx)
	out = append(out, Check{"本机密钥文件", derr == nil, hall.ErrorMessage(derr)})
	var key []byte
	if desk != nil {
		key = secure.AuditKey(desk)
	}
	var triggers int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'
		AND name IN ('audit_log_no_update', 'audit_log_no_delete')`).Scan(&triggers); err != nil {
		return append(out, fail("无法读取：%v", err)...)
	}
	rows, err := db.read.QueryContext(ctx, "SELECT "+auditCols+", mac FROM audit_log ORDER BY seq")
	if err != nil {
		return append(out, fail("无法读取：%v", err)...)
	}
	defer rows.Close()
	c := secure.NewChecker(key)
	var n, last int64
	var restores []string
	for rows.Next() {
		e, mac, err := scanAudit(rows)
		if err != nil {
			return append(out, fail("第 %d 条之后的记录无法读取：%v", last, err)...)
		}
		n, last = n+1, e.Seq
		if b := c.Next(secure.ChainRecord{Seq: e.Seq, Fields: auditFields(e), Prev: e.Prev, Hash: e.Hash, MAC: mac}); b != nil {
			return append(out, fail("%s", db.describeBreak(ctx, b, e))...)
		}
		// A restore continues the chain after the backup's last record
		// and says which (docs/adr/0016): that position must be exactly
		// the record before it.
		if k, ok := hall.ResumePosition(e.Detail); ok && e.Action == hall.AuditRestore {
			if k != e.Seq-1 {
				return append(out, fail("第 %d 条恢复记录称审计日志续接第 %d 条，但它排在第 %d 条之后", e.Seq, k, e.Seq-1)...)
			}
			restores = append(restores, fmt.Sprintf("第 %d 条续接第 %d 条", e.Seq, k))
		}
	}
	if err := rows.Err(); err != nil {
		return append(out, fail("读取中断：%v", err)...)
	}
	var pushed int64
	_ = db.read.QueryRowContext(ctx, "SELECT seq FROM audit_pushed WHERE id = 1").Scan(&pushed)
	switch {
	case pushed > last:
		missing := fmt.Sprintf("第 %d 至 %d 条", last+1, pushed)
		if pushed == last+1 {
			missing = fmt.Sprintf("第 %d 条", pushed)
		}
		return append(out, fail("%s记录缺失（平台已确认收到至第 %d 条，被删除的是日志末尾）", missing, pushed)...)
	case triggers != 2:
		return append(out, fail("防篡改触发器被删除（审计日志应只能追加）")...)
	}
	detail := fmt.Sprintf("共 %d 条记录", n)
	if len(restores) > 0 {
		detail += fmt.Sprintf("，其中 %d 次从备份恢复（%s）", len(restores), strings.Join(restores, "；"))
	}
	if key == nil && n > 0 {
		return append(out, Check{name, false, detail + "，哈希链连续，但缺少本机密钥文件，无法校验签名"})
	}
	return append(out, Check{name, true, detail})
}

// describeBreak names the first bad record and what happened to it.
func (db *DB) describeBreak(ctx context.Context, b *secure.Break, e hall.AuditEntry) string {
	row := fmt.Sprintf("第 %d 条记录（%s %s %s）", b.Seq, hall.HallTime(e.At).Format("2006-01-02 15:04:05"), e.UserName, e.Action)
	switch b.Kind {
	case secure.Edited:
		return row + "：内容被修改（哈希不符）"
	case secure.Missing:
		if b.Gap == 1 {
			return fmt.Sprintf("%s之前缺少第 %d 条记录（被删除）", row, b.Seq-1)
		}
		return fmt.Sprintf("%s之前缺少第 %d 至 %d 条记录（被删除）", row, b.Seq-b.Gap, b.Seq-1)
	case secure.Resigned:
		return row + "：签名不符（记录被改动后重新计算了哈希）"
	}
	var at int64
	if err := db.read.QueryRowContext(ctx, "SELECT seq FROM audit_log WHERE hash = ?", e.Prev).Scan(&at); err == nil {
		return fmt.Sprintf("%s：顺序被调换（它原本应排在第 %d 条之后）", row, at)
	}
	return row + "：与前一条记录接不上（前面的记录被删除后重新编号，或被替换）"
}
