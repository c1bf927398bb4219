package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// applyUrge records a 督办 a supervisor of desk sent: the case must lie in
// the supervisor's scope. The handling desk receives it by its pull
// (stream urges); the feed row of the case carries it.
func (s *Store) applyUrge(ctx context.Context, tx *txn, desk Desk, op protocol.Op, now time.Time) error {
	var b protocol.UrgeBody
	if err := json.Unmarshal(op.Body, &b); err != nil || b.ID == "" || b.ID != op.ID {
		return hall.Errorf(hall.EInvalid, "督办记录无法读取")
	}
	if strings.TrimSpace(b.Reason) == "" || utf8.RuneCountInString(b.Reason) > 500 {
		return hall.Errorf(hall.EInvalid, "督办事由应为1至500字")
	}
	if !dateRE.MatchString(b.ReplyBy) {
		return hall.Errorf(hall.EInvalid, "督办的回复期限“%s”应为 YYYY-MM-DD", b.ReplyBy)
	}
	root, err := s.Scope(ctx, desk, b.User)
	if err != nil {
		return err
	}
	var caseID, handler, hallCode string
	err = tx.QueryRowContext(ctx, "SELECT id, desk_id, hall_code FROM cases WHERE no = ?"+tx.d.lockRow, b.CaseNo).Scan(&caseID, &handler, &hallCode)
	if errors.Is(err, sql.ErrNoRows) {
		return hall.Errorf(hall.ENotFound, "平台上没有办件 %s", b.CaseNo)
	}
	if err != nil {
		return err
	}
	if in, err := within(ctx, tx, hallCode, root); err != nil || !in {
		if err != nil {
			return err
		}
		return hall.Errorf(hall.EForbidden, "办件 %s 不在本监督人员的监督范围内", b.CaseNo)
	}
	u := b.Urge
	u.Reply, u.RepliedBy, u.RepliedAt = "", "", 0
	doc, _ := json.Marshal(u)
	if _, err := tx.ExecContext(ctx, "INSERT INTO urges (id, case_id, from_desk, doc) VALUES (?, ?, ?, ?)",
		u.ID, caseID, desk.ID, string(doc)); err != nil {
		return err
	}
	tx.logChange(change{stream: protocol.StreamUrges, key: u.ID, desk: handler, doc: string(doc), at: stamp(now)})
	return s.noteSupervision(ctx, tx, caseID)
}

// applyUrgeReply records the handling desk's reply to a 督办 and sends it to
// the desk of the supervisor who sent it.
func (s *Store) applyUrgeReply(ctx context.Context, tx *txn, desk Desk, op protocol.Op, now time.Time) error {
	var b protocol.UrgeReplyBody
	if err := json.Unmarshal(op.Body, &b); err != nil || b.ID == "" {
		return hall.Errorf(hall.EInvalid, "督办回复记录无法读取")
	}
	if strings.TrimSpace(b.Reply) == "" || utf8.RuneCountInString(b.Reply) > 500 {
		return hall.Errorf(hall.EInvalid, "督办回复应为1至500字")
	}
	var caseID, from, doc, handler string
	err := tx.QueryRowContext(ctx, `SELECT u.case_id, u.from_desk, u.doc, c.desk_id FROM urges u
		JOIN cases c ON c.id = u.case_id WHERE u.id = ?`+tx.d.lockRow, b.ID).Scan(&caseID, &from, &doc, &handler)
	if errors.Is(err, sql.ErrNoRows) {
		return hall.Errorf(hall.ENotFound, "平台上没有这条督办（%s）", b.ID)
	}
	if err != nil {
		return err
	}
	if handler != desk.ID {
		return hall.Errorf(hall.EForbidden, "这条督办的办件不属于本窗口")
	}
	var u protocol.Urge
	if err := json.Unmarshal([]byte(doc), &u); err != nil {
		return fmt.Errorf("urge %s: %w", b.ID, err)
	}
	u.Reply, u.RepliedBy, u.RepliedAt = b.Reply, b.RepliedBy, b.RepliedAt
	out, _ := json.Marshal(u)
	if _, err := tx.ExecContext(ctx, "UPDATE urges SET doc = ? WHERE id = ?", string(out), u.ID); err != nil {
		return err
	}
	tx.logChange(change{stream: protocol.StreamUrges, key: u.ID + ":reply", desk: from, doc: string(out), at: stamp(now)})
	return s.noteSupervision(ctx, tx, caseID)
}
