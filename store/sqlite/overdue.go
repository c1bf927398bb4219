package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"yichuang/hall"
	"yichuang/hall/supervision"
)

var _ supervision.Reasons = (*Cases)(nil)

// RecordOverdueReason records why the case numbered no ran past its
// promised date: an event (hall.ActOverdueReason) applied like any other,
// with its outbox entry for the platform and its audit record, in one
// transaction. Only a supervisor or an administrator may (audit.go).
func (s *Cases) RecordOverdueReason(ctx context.Context, no, reason string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		perm, what := hall.ActOverdueReason.Permission()
		if err := tx.db.allow(ctx, perm, what); err != nil {
			return err // before anything is read: a clerk learns nothing of the case
		}
		var id string
		err := tx.QueryRowContext(ctx, "SELECT id FROM cases WHERE no = ?", no).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return hall.Errorf(hall.ENotFound, "找不到办件 %s", no)
		}
		if err != nil {
			return err
		}
		c, err := loadCase(ctx, tx.Tx, id)
		if err != nil {
			return err
		}
		applied, err := applyEvent(ctx, tx, c, hall.Event{Action: hall.ActOverdueReason, Reason: reason}, nil)
		if err != nil {
			return err
		}
		return appendEvent(ctx, tx, c, applied)
	})
}

// maxReasonLookups bounds one OverdueReasons call: a month's overdue list.
const maxReasonLookups = 10000

// OverdueReasons reads the recorded reasons of the cases numbered nos.
func (s *Cases) OverdueReasons(ctx context.Context, nos []string) (map[string]string, error) {
	if len(nos) > maxReasonLookups {
		return nil, hall.Errorf(hall.EInvalid, "一次最多查询%d件办件的超期原因，现为%d件", maxReasonLookups, len(nos))
	}
	out := map[string]string{}
	err := s.db.View(ctx, func(tx *sql.Tx) error {
		for _, no := range nos {
			var id string
			err := tx.QueryRowContext(ctx, "SELECT id FROM cases WHERE no = ?", no).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				// Another window's case: the reason its desk recorded, as the
				// platform's feed carries it (docs/adr/0020).
				var r string
				err = tx.QueryRowContext(ctx, "SELECT overdue_reason FROM feed_cases WHERE no = ?", no).Scan(&r)
				if err == nil && r != "" {
					out[no] = r
				}
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return err
				}
				continue
			}
			if err != nil {
				return err
			}
			c, err := loadCase(ctx, tx, id)
			if err != nil {
				return err
			}
			if c.OverdueReason != "" {
				out[no] = c.OverdueReason
			}
		}
		return nil
	})
	return out, err
}
