package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"yichuang/hall"
)

// Case returns a case and its events in order.
func (s *Cases) Case(ctx context.Context, id string) (*hall.Case, []hall.Event, error) {
	var c *hall.Case
	var evs []hall.Event
	err := s.db.View(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = loadCase(ctx, tx, id); err != nil {
			return err
		}
		s.db.maskCase(c) // masked for screens; Privacy.Reveal shows one field, audited
		rows, err := tx.QueryContext(ctx, "SELECT doc FROM case_events WHERE case_id = ? ORDER BY seq", id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var doc string
			var ev hall.Event
			if err := rows.Scan(&doc); err != nil {
				return err
			}
			if err := json.Unmarshal(s.db.openOrKeep(ctx, []byte(doc)), &ev); err != nil { // keys_privacy.go
				return err
			}
			ev.Data = s.db.maskEventData(ev.Data) // a 出件's collector, masked (counter.go)
			evs = append(evs, ev)
		}
		return rows.Err()
	})
	return c, evs, err
}

// syncStateSQL derives a case's sync state from its outbox entries and the
// uploads of its scans (file_uploads, sending: 0004_sync.sql): a case is
// 已同步 only when the platform has its records and every scan.
const syncStateSQL = `CASE
	WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.id AND o.state = 'parked')
	  OR EXISTS (SELECT 1 FROM file_uploads f WHERE f.case_id = c.id AND f.state = 'parked') THEN '被退回'
	WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.id AND o.state = 'pending' AND o.sending = 1)
	  OR EXISTS (SELECT 1 FROM file_uploads f WHERE f.case_id = c.id AND f.state = 'pending' AND f.sending = 1) THEN '同步中'
	WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.id AND o.state = 'pending')
	  OR EXISTS (SELECT 1 FROM file_uploads f WHERE f.case_id = c.id AND f.state = 'pending') THEN '待同步'
	ELSE '已同步' END`

// ListCases lists cases, newest first.
func (s *Cases) ListCases(ctx context.Context, f hall.CaseFilter) ([]hall.CaseSummary, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 500
	}
	open, oldest := 0, 0
	if f.Open {
		open = 1
	}
	if f.OldestDecided {
		oldest = 1
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT c.id, c.no, c.item_name, c.department, c.applicant_name,
		c.state, c.clerk, c.received_at, c.finished_at, c.promise_due, `+syncStateSQL+` FROM cases c
		WHERE (?1 = '' OR c.state = ?1) AND (?2 = 0 OR c.state NOT IN ('不予受理', '办结', '送达', '撤回'))
		ORDER BY CASE WHEN ?4 = 1 THEN c.finished_at END ASC, c.received_at DESC, c.no DESC LIMIT ?3`,
		string(f.State), open, limit, oldest)
	if err != nil {
		return nil, s.db.classify(err)
	}
	out, err := scanSummaries(rows) // keys_privacy.go
	if err != nil {
		return nil, err
	}
	return out, s.db.fillSyncNotes(ctx, out) // sync.go
}

// CaseSync is one case's sync state and, when parked, the platform's
// reason (sync.go).
func (s *Cases) CaseSync(ctx context.Context, id string) (hall.SyncState, string, error) {
	cs := []hall.CaseSummary{{ID: id}}
	err := s.db.read.QueryRowContext(ctx, `SELECT `+syncStateSQL+` FROM cases c WHERE c.id = ?`, id).Scan(&cs[0].Sync)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", hall.Errorf(hall.ENotFound, "找不到办件")
	}
	if err != nil {
		return "", "", s.db.classify(err)
	}
	if err := s.db.fillSyncNotes(ctx, cs); err != nil {
		return "", "", err
	}
	return cs[0].Sync, cs[0].SyncNote, nil
}

// CountByState counts cases per state.
func (s *Cases) CountByState(ctx context.Context) (map[hall.State]int, error) {
	rows, err := s.db.read.QueryContext(ctx, "SELECT state, count(*) FROM cases GROUP BY state")
	if err != nil {
		return nil, s.db.classify(err)
	}
	defer rows.Close()
	out := map[hall.State]int{}
	for rows.Next() {
		var st hall.State
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}
