package store

import (
	"context"
	"encoding/json"
	"regexp"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

var dateRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// applyDue moves a case's due dates as the desk recounted them after a
// calendar change: derived data, no event.
func (s *Store) applyDue(ctx context.Context, tx *txn, desk Desk, op protocol.Op, now time.Time) error {
	var d hall.DueChange
	if err := json.Unmarshal(op.Body, &d); err != nil || d.CaseID == "" || d.CaseID != op.CaseID {
		return hall.Errorf(hall.EInvalid, "期限重算记录无法读取")
	}
	if !dateRE.MatchString(d.PromiseDue) || !dateRE.MatchString(d.LegalDue) {
		return hall.Errorf(hall.EInvalid, "办件 %s 的新办结期限“%s / %s”格式不正确", d.CaseNo, d.PromiseDue, d.LegalDue)
	}
	st, err := s.platformCase(ctx, tx, d.CaseID)
	if err != nil {
		return err
	}
	if st == nil {
		return hall.Errorf(hall.EConflict, "平台上还没有办件 %s，无法更新其办结期限", d.CaseNo)
	}
	if st.desk != desk.ID {
		return hall.Errorf(hall.EForbidden, "办件 %s 属于其他窗口，本窗口不能更改", d.CaseNo)
	}
	doc, err := setDue(st.doc, d)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE cases SET doc = ?, updated_at = ? WHERE id = ?`, doc, stamp(now), d.CaseID); err != nil {
		return err
	}
	tx.forgetCase(d.CaseID)
	return s.noteSupervision(ctx, tx, d.CaseID)
}

// setDue sets the due dates of a stored (sealed) case document. They are
// never sealed, so the document is changed without being opened; its
// other members are kept as they are.
func setDue(doc string, d hall.DueChange) (string, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		return "", err
	}
	m["promise_due"], _ = json.Marshal(d.PromiseDue)
	m["legal_due"], _ = json.Marshal(d.LegalDue)
	out, err := json.Marshal(m)
	return string(out), err
}
