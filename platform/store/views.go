package store

import (
	"context"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// Outcomes of a case view, as the view log records them.
const (
	ViewShown    = "shown"
	ViewNotFound = "not_found"
	ViewNotYours = "not_yours"
	ViewListed   = "listed" // found by an operator's search by name (CasesByName)
)

// ViewCase is a case as one viewer may see it, and the record of the view.
// A desk (deskID not empty) sees only the cases it pushed: a case of
// another desk is answered exactly as a case that does not exist, so that
// case numbers cannot be probed. An operator (deskID empty) sees every
// case. Every view is logged, whatever its outcome.
func (s *Store) ViewCase(ctx context.Context, no, viewer, deskID string) (protocol.CaseView, error) {
	v, err := s.Case(ctx, no)
	outcome := ViewShown
	switch {
	case hall.ErrorCode(err) == hall.ENotFound:
		outcome = ViewNotFound
	case err != nil:
		return v, err
	case deskID != "" && v.DeskID != deskID:
		outcome, v = ViewNotYours, protocol.CaseView{}
	}
	if lerr := s.update(ctx, func(tx *txn, now time.Time) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO case_views (at, viewer, case_no, outcome) VALUES (?, ?, ?, ?)`,
			stamp(now), viewer, no, outcome)
		return err
	}); lerr != nil {
		return protocol.CaseView{}, lerr // a view that cannot be logged is not shown
	}
	if outcome != ViewShown {
		return v, NotFoundCase(no)
	}
	return v, nil
}

// NotFoundCase is the one answer for a case that does not exist and a case
// the asker may not see.
func NotFoundCase(no string) error {
	return hall.Errorf(hall.ENotFound, "平台上没有本窗口的办件 %s", no)
}

// CaseViewLog is one logged view.
type CaseViewLog struct {
	At      time.Time
	Viewer  string
	CaseNo  string
	Outcome string
}

// CaseViews lists the logged views, oldest first.
func (s *Store) CaseViews(ctx context.Context) ([]CaseViewLog, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT at, viewer, case_no, outcome FROM case_views ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CaseViewLog
	for rows.Next() {
		var l CaseViewLog
		var at string
		if err := rows.Scan(&at, &l.Viewer, &l.CaseNo, &l.Outcome); err != nil {
			return nil, err
		}
		l.At = parseStamp(at)
		out = append(out, l)
	}
	return out, rows.Err()
}

// SeenNonce records a signed request's nonce; false when it was seen
// within keep already (a replay). Older nonces are forgotten now and then:
// their requests fall outside the replay window anyway. On PostgreSQL the
// insert is its own transaction, one round trip instead of three (begin,
// insert, commit: 8 % of the platform's CPU at a province's peak, a nonce
// a request); SQLite's writer takes it in its turn.
func (s *Store) SeenNonce(ctx context.Context, key string, keep time.Duration) (bool, error) {
	const insert = "INSERT INTO nonces (key, seen_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"
	forget := func(ex execer, now time.Time) error {
		if s.nonceAdds.Add(1)%256 != 0 {
			return nil
		}
		_, err := ex.ExecContext(ctx, "DELETE FROM nonces WHERE seen_at < ?", stamp(now.Add(-keep)))
		return err
	}
	if s.d.pg {
		now := s.Now().UTC()
		res, err := s.write.ExecContext(ctx, insert, key, stamp(now))
		if err != nil {
			return false, err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return false, err
		}
		return true, forget(s.write, now)
	}
	fresh := false
	err := s.update(ctx, func(tx *txn, now time.Time) error {
		res, err := tx.ExecContext(ctx, insert, key, stamp(now))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		fresh = n == 1
		if fresh {
			return forget(tx, now)
		}
		return nil
	})
	return fresh, err
}
