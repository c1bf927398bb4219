package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/google/uuid"

	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/sync/protocol"
)

// 督办 at the desk (docs/adr/0020): a supervisor sends one on a case of the
// feed; the desk that handles the case receives it by its pull and its
// clerks answer it. Each side is one transaction with its outbox entry and
// its audit record.

// SendUrge records a 督办 on the case numbered no and queues it for the
// platform. Only a supervisor or an administrator may; the platform checks
// that the case lies in the supervisor's scope.
func (s *Cases) SendUrge(ctx context.Context, no, reason, replyBy string) (hall.Urge, error) {
	var u hall.Urge
	err := s.db.Update(ctx, func(tx *Tx) error {
		if err := tx.db.allow(ctx, hall.PermSupervise, "发出督办"); err != nil {
			return err
		}
		who, _ := actor(ctx)
		if who == nil {
			return hall.Errorf(hall.EForbidden, "督办须由登录的监督人员发出")
		}
		if err := hall.CheckUrgeText("督办事由", reason); err != nil {
			return err
		}
		d, err := calendar.ParseDate(replyBy)
		if err != nil {
			return hall.Errorf(hall.EInvalid, "“回复期限”应为 YYYY-MM-DD 格式的日期，现为“%s”", replyBy)
		}
		if d.Before(calendar.DateOf(tx.Now)) {
			return hall.Errorf(hall.EInvalid, "“回复期限”%s 已经过去", replyBy)
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM feed_cases WHERE no = ?", no).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM cases WHERE no = ?", no).Scan(&n); err != nil {
				return err
			}
		}
		if n == 0 {
			return hall.Errorf(hall.ENotFound, "监督范围内没有办件 %s", no)
		}
		u = hall.Urge{ID: uuid.Must(uuid.NewV7()).String(), CaseNo: no, Reason: reason, ReplyBy: replyBy,
			By: who.DisplayName, At: tx.Now}
		if _, err := tx.ExecContext(ctx, `INSERT INTO urges (id, incoming, case_no, reason, reply_by, by_name, at)
			VALUES (?, 0, ?, ?, ?, ?, ?)`, u.ID, no, reason, replyBy, u.By, stamp(u.At)); err != nil {
			return err
		}
		body := protocol.UrgeBody{Urge: wireUrge(u), User: who.ID}
		if err := enqueue(ctx, tx, u.ID, protocol.OpUrge, "", body); err != nil {
			return err
		}
		return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditCase, Object: no, Outcome: hall.AuditOK,
			Detail: "督办：" + reason + "（" + replyBy + "前回复）"})
	})
	return u, err
}

// ReplyUrge records the clerk's reply to a 督办 this desk received.
func (s *Cases) ReplyUrge(ctx context.Context, id, reply string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := tx.db.allow(ctx, hall.PermHandleCases, "回复督办"); err != nil {
			return err
		}
		who, _ := actor(ctx)
		if who == nil {
			return hall.Errorf(hall.EForbidden, "督办须由登录的窗口人员回复")
		}
		if err := hall.CheckUrgeText("回复内容", reply); err != nil {
			return err
		}
		var no, replied string
		err := tx.QueryRowContext(ctx, "SELECT case_no, replied_at FROM urges WHERE id = ? AND incoming = 1", id).Scan(&no, &replied)
		if errors.Is(err, sql.ErrNoRows) {
			return hall.Errorf(hall.ENotFound, "找不到这条督办")
		}
		if err != nil {
			return err
		}
		if replied != "" {
			return hall.Errorf(hall.EConflict, "办件 %s 的这条督办已经回复过", no)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE urges SET reply = ?, replied_by = ?, replied_at = ? WHERE id = ?",
			reply, who.DisplayName, stamp(tx.Now), id); err != nil {
			return err
		}
		var caseID string
		_ = tx.QueryRowContext(ctx, "SELECT id FROM cases WHERE no = ?", no).Scan(&caseID)
		body := protocol.UrgeReplyBody{ID: id, Reply: reply, RepliedBy: who.DisplayName, RepliedAt: tx.Now.Unix()}
		if err := enqueue(ctx, tx, uuid.Must(uuid.NewV7()).String(), protocol.OpUrgeReply, caseID, body); err != nil {
			return err
		}
		return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditCase, Object: no, Outcome: hall.AuditOK,
			Detail: "回复督办：" + reply})
	})
}

// Urges lists the 督办 of this desk: incoming (received on its cases) or
// sent; open narrows incoming ones to those not answered yet.
func (s *Cases) Urges(ctx context.Context, incoming, open bool) ([]hall.Urge, error) {
	q := `SELECT id, case_id, case_no, reason, reply_by, by_name, at, reply, replied_by, replied_at FROM urges
		WHERE incoming = ?`
	if open {
		q += " AND replied_at = ''"
	}
	rows, err := s.db.read.QueryContext(ctx, q+" ORDER BY reply_by, at", incoming)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hall.Urge
	for rows.Next() {
		var u hall.Urge
		var at, rat string
		if err := rows.Scan(&u.ID, &u.CaseID, &u.CaseNo, &u.Reason, &u.ReplyBy, &u.By, &at, &u.Reply, &u.RepliedBy, &rat); err != nil {
			return nil, err
		}
		u.At, u.RepliedAt = parseStamp(at), parseStamp(rat)
		out = append(out, u)
	}
	return out, rows.Err()
}

// CaseUrges lists the 督办 on one case (its history shows them).
func (s *Cases) CaseUrges(ctx context.Context, no string) ([]hall.Urge, error) {
	all, err := s.Urges(ctx, true, false)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, u := range all {
		if u.CaseNo == no {
			out = append(out, u)
		}
	}
	return out, nil
}

// applyUrge keeps a 督办 the pull brought: one on this desk's case is
// received (incoming); a reply to one this desk sent fills it in.
func applyUrge(ctx context.Context, tx *Tx, u hall.Urge) error {
	var caseID string
	err := tx.QueryRowContext(ctx, "SELECT id FROM cases WHERE no = ?", u.CaseNo).Scan(&caseID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if caseID != "" { // on this desk's case: keep a reply made here
		_, err = tx.ExecContext(ctx, `INSERT INTO urges (id, incoming, case_id, case_no, reason, reply_by, by_name, at)
			VALUES (?, 1, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, u.ID, caseID, u.CaseNo, u.Reason,
			u.ReplyBy, u.By, stamp(u.At))
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO urges (id, incoming, case_no, reason, reply_by, by_name, at, reply,
		replied_by, replied_at) VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET
		reply = excluded.reply, replied_by = excluded.replied_by, replied_at = excluded.replied_at`,
		u.ID, u.CaseNo, u.Reason, u.ReplyBy, u.By, stamp(u.At), u.Reply, u.RepliedBy, stamp(u.RepliedAt))
	return err
}

func wireUrge(u hall.Urge) protocol.Urge {
	w := protocol.Urge{ID: u.ID, CaseNo: u.CaseNo, Reason: u.Reason, ReplyBy: u.ReplyBy, By: u.By, At: u.At.Unix(),
		Reply: u.Reply, RepliedBy: u.RepliedBy}
	if !u.RepliedAt.IsZero() {
		w.RepliedAt = u.RepliedAt.Unix()
	}
	return w
}

var _ hall.UrgeService = (*Cases)(nil)
