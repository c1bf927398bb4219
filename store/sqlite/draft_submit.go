package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"yichuang/hall"
)

// Submit commits one intake in one transaction: the schema the case was
// filled with, the case with its number and its 收件 event, the decision's
// event, an outbox entry for each event, and the draft marked submitted.
// Either all of it is on disk when Submit returns, or none of it.
func (s *Drafts) Submit(ctx context.Context, sub hall.Submission) (*hall.Case, []hall.Event, error) {
	if sub.Case == nil {
		return nil, nil, hall.Errorf(hall.EInvalid, "没有要提交的办件")
	}
	var c *hall.Case
	var evs []hall.Event
	err := s.db.Update(ctx, func(tx *Tx) error {
		// Work on a copy: a failed attempt leaves the caller's case as it
		// was, so the clerk can fix what was refused and submit again.
		cc := *sub.Case
		c, evs = &cc, nil
		if err := keepSchema(ctx, tx, c.ItemCode, c.SchemaVersion, sub.Schema); err != nil {
			return err
		}
		if c.ID == "" {
			c.ID = NewID()
		}
		var fill func(*hall.Case) (json.RawMessage, error)
		if sub.Decide == nil {
			fill = sub.Received // 收件 only: its 收件凭证
		}
		recv, err := startCase(ctx, tx, c, hall.Event{ID: NewID(), Action: hall.ActReceive, At: tx.Now, Actor: c.Clerk}, fill)
		if err != nil {
			return err
		}
		evs = append(evs, recv)
		if sub.Decide != nil {
			ev, err := sub.Decide(c)
			if err != nil {
				return err
			}
			applied, err := decideNew(ctx, tx, c, ev)
			if err != nil {
				return err
			}
			evs = append(evs, applied)
		}
		return closeDraft(ctx, tx, sub.DraftID, c.ID)
	})
	if err != nil {
		return nil, nil, err
	}
	s.db.maskCase(c) // the caller shows it and prints it: masked (keys_privacy.go)
	return c, evs, nil
}

// closeDraft marks the draft a case was made from as submitted. A draft
// that was never saved (the clerk decided before the first save) is fine.
func closeDraft(ctx context.Context, tx *Tx, draftID, caseID string) error {
	if draftID == "" {
		return nil
	}
	var state string
	err := tx.QueryRowContext(ctx, "SELECT state FROM drafts WHERE id = ?", draftID).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if state != "open" {
		return hall.Errorf(hall.EConflict, "该草稿已经提交或丢弃过，不能再次提交")
	}
	_, err = tx.ExecContext(ctx, `UPDATE drafts SET state = 'submitted', case_id = ?, updated_at = ?
		WHERE id = ?`, caseID, stamp(tx.Now), draftID)
	return err
}

// decideNew records the intake's decision (受理, 不予受理 or 补正) on a case
// startCase has just opened: the event applied, stored and queued.
func decideNew(ctx context.Context, tx *Tx, c *hall.Case, ev hall.Event) (hall.Event, error) {
	if ev.ID == "" {
		ev.ID = NewID()
	}
	applied, err := applyEvent(ctx, tx, c, ev, nil)
	if err != nil {
		return hall.Event{}, err
	}
	return applied, appendEvent(ctx, tx, c, applied)
}
