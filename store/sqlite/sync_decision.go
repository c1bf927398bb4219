package sqlite

import (
	"context"
	"errors"

	"yichuang/hall"
)

// applyDecision appends a back-office event pulled from the platform to its
// case: the same state machine as at the window, no outbox entry (it came
// from the platform). A rating (hall.ActRate) also gets its ratings row.
// An event already here is skipped, so a pull repeated
// after a crash changes nothing. A case the desk does not have, or one the
// event does not fit, is an EConflict/ENotFound for the caller to keep.
func applyDecision(ctx context.Context, tx *Tx, ev hall.Event) (bool, error) {
	if ev.ID == "" || ev.CaseID == "" {
		return false, hall.Errorf(hall.EInvalid, "平台下发的办理结果缺少事件编号或办件编号")
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM case_events WHERE id = ?", ev.ID).Scan(&n); err != nil {
		return false, hall.Wrap(hall.EInternal, err, "读取办件事件失败")
	}
	if n > 0 {
		return false, nil
	}
	c, err := loadCase(ctx, tx.Tx, ev.CaseID)
	if err != nil {
		var he *hall.Error
		if errors.As(err, &he) {
			return false, err
		}
		return false, hall.Wrap(hall.EInternal, err, "读取办件失败")
	}
	// The same sequence as the desk's own events (cases.go): a clock stop
	// starting or ending moves the due dates here as well.
	applied, err := applyEvent(ctx, tx, c, ev, func(err error) error {
		return hall.Wrap(hall.EConflict, err, "平台的“%s”无法并入本机办件 %s：%s",
			ev.Action.Name(), c.No, hall.ErrorMessage(err))
	})
	if err != nil {
		return false, err
	}
	doc, err := sealDoc(ctx, tx, applied)
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_events (id, case_id, seq, action, from_state,
		to_state, at, actor, origin, doc) VALUES (?, ?,
		(SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = ?), ?, ?, ?, ?, ?, 'platform', ?)`,
		applied.ID, c.ID, c.ID, string(applied.Action), string(applied.From), string(applied.To),
		stamp(applied.At), applied.Actor, string(doc)); err != nil {
		return false, hall.Wrap(hall.EInternal, err, "保存平台事件失败")
	}
	// A 好差评 given on the platform (the receipt's QR code) is counted
	// like one given at the window: its row in ratings, in this
	// transaction; the event's id keeps it to one row.
	if err := insertRating(ctx, tx, c, applied); err != nil {
		return false, err
	}
	return true, nil
}
