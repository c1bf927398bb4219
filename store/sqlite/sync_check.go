package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"yichuang/hall"
)

// LocalCase returns a case as the desk holds it, by case number, opened
// but not masked, with its events in order: what the platform's copy must
// equal once everything is synced (the checks of the sync tests and of an
// admin comparing the two).
func (s *Sync) LocalCase(ctx context.Context, no string) (caseDoc []byte, events [][]byte, err error) {
	err = s.db.View(ctx, func(tx *sql.Tx) error {
		var id, doc string
		err := tx.QueryRowContext(ctx, "SELECT id, doc FROM cases WHERE no = ?", no).Scan(&id, &doc)
		if errors.Is(err, sql.ErrNoRows) {
			return hall.Errorf(hall.ENotFound, "本机没有办件 %s", no)
		}
		if err != nil {
			return err
		}
		if caseDoc, err = s.db.openJSON([]byte(doc)); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT doc FROM case_events WHERE case_id = ? ORDER BY seq", id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d string
			if err := rows.Scan(&d); err != nil {
				return err
			}
			b, err := s.db.openJSON([]byte(d))
			if err != nil {
				return err
			}
			events = append(events, b)
		}
		return rows.Err()
	})
	return caseDoc, events, err
}

// CaseNumbers lists the desk's case numbers.
func (s *Sync) CaseNumbers(ctx context.Context) ([]string, error) {
	rows, err := s.db.read.QueryContext(ctx, "SELECT no FROM cases ORDER BY no")
	if err != nil {
		return nil, s.db.classify(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var no string
		if err := rows.Scan(&no); err != nil {
			return nil, err
		}
		out = append(out, no)
	}
	return out, rows.Err()
}

// OutboxDone counts the operations the platform has accepted.
func (s *Sync) OutboxDone(ctx context.Context) (int, error) {
	var n int
	err := s.db.read.QueryRowContext(ctx, "SELECT count(*) FROM outbox WHERE state = 'done'").Scan(&n)
	return n, s.db.classify0(err)
}

// PlatformUsers lists the accounts the platform published to this desk.
func (s *Sync) PlatformUsers(ctx context.Context) ([]hall.PlatformUser, error) {
	rows, err := s.db.read.QueryContext(ctx, "SELECT id, name, hall, role, active FROM platform_users ORDER BY id")
	if err != nil {
		return nil, s.db.classify(err)
	}
	defer rows.Close()
	var out []hall.PlatformUser
	for rows.Next() {
		var u hall.PlatformUser
		if err := rows.Scan(&u.ID, &u.Name, &u.Hall, &u.Role, &u.Active); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// NextAudit returns the audit records the platform does not hold yet.
func (s *Sync) NextAudit(ctx context.Context, max int) ([]hall.AuditEntry, error) {
	return s.db.NextAudit(ctx, max)
}

// MarkAuditPushed records how far the platform holds the audit log.
func (s *Sync) MarkAuditPushed(ctx context.Context, seq int64) error {
	return s.db.MarkAuditPushed(ctx, seq)
}
