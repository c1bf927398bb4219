package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"yichuang/hall"
)

// Cursors returns where each pull stream stands.
func (s *Sync) Cursors(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.read.QueryContext(ctx, "SELECT stream, cursor FROM sync_cursors")
	if err != nil {
		return nil, s.db.classify(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, s.db.classify0(rows.Err())
}

// ApplyPull applies everything one pull brought and moves the cursors. The
// cursors move in the same transaction as the calendars, users and
// decisions, so they never stand past a change that is not written. Catalog
// entries go first through the catalog's own import (one transaction of its
// own): should the desk stop between the two, the next pull brings them
// again and the import finds them unchanged. What cannot be applied is kept
// as a conflict and shown.
func (s *Sync) ApplyPull(ctx context.Context, b hall.PullBatch) (hall.PullApplied, error) {
	ctx = s.keyed(ctx) // the engine's key (keys_held.go)
	var res hall.PullApplied
	items, bad, err := s.importItems(ctx, b.Items)
	if err != nil {
		return res, err
	}
	bad = append(bad, b.Bad...)
	err = s.db.Update(ctx, func(tx *Tx) error {
		res = hall.PullApplied{Items: items}
		for _, y := range b.Calendars {
			if err := applyCalendar(ctx, tx, y); err != nil {
				if hall.ErrorCode(err) != hall.EInvalid {
					return err
				}
				bad = append(bad, hall.PullProblem{Stream: "calendar", Key: fmt.Sprint(y.Year),
					Doc: y.Table, Reason: hall.ErrorMessage(err)})
				continue
			}
			res.Calendars++
		}
		for _, u := range b.Users {
			if err := applyUser(ctx, tx, u); err != nil {
				return err
			}
			res.Users++
		}
		for _, ev := range b.Decisions {
			applied, err := applyDecision(ctx, tx, ev)
			switch {
			case err != nil && !mergeable(err):
				return err
			case err != nil:
				doc, _ := json.Marshal(ev)
				bad = append(bad, hall.PullProblem{Stream: "decisions", Key: ev.ID, CaseID: ev.CaseID,
					Doc: doc, Reason: hall.ErrorMessage(err)})
			case applied:
				res.Decisions++
			}
		}
		for _, u := range b.Urges {
			if err := applyUrge(ctx, tx, u); err != nil {
				return err
			}
		}
		for _, p := range bad {
			if err := addConflict(ctx, tx, p); err != nil {
				return err
			}
			res.Conflicts++
		}
		for stream, cur := range b.Cursors {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_cursors (stream, cursor, updated_at) VALUES (?, ?, ?)
				ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
				stream, cur, stamp(tx.Now)); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// importItems applies the platform's catalog entries through the catalog's
// import. A batch it refuses is tried entry by entry, so that one bad entry
// becomes a conflict instead of holding back the others.
func (s *Sync) importItems(ctx context.Context, items []hall.Item) (int, []hall.PullProblem, error) {
	if len(items) == 0 {
		return 0, nil, nil
	}
	opt := hall.ImportOptions{Source: "平台"}
	cat := s.db.Catalog()
	if _, err := cat.ImportCatalog(ctx, items, opt); err == nil {
		return len(items), nil, nil
	} else if c := hall.ErrorCode(err); c != hall.EInvalid && c != hall.EConflict {
		return 0, nil, err
	}
	n := 0
	var bad []hall.PullProblem
	for _, it := range items {
		_, err := cat.ImportCatalog(ctx, []hall.Item{it}, opt)
		switch c := hall.ErrorCode(err); {
		case err == nil:
			n++
		case c == hall.EInvalid || c == hall.EConflict:
			doc, _ := json.Marshal(it)
			bad = append(bad, hall.PullProblem{Stream: "catalog", Key: it.Code, Doc: doc,
				Reason: "平台下发的事项未能更新本机目录：" + hall.ErrorMessage(err)})
		default:
			return n, bad, err
		}
	}
	return n, bad, nil
}

// applyCalendar stores a year's holiday table through the time-limits
// store, which recounts the due dates it moves, in the pull's transaction.
// Each case whose dates moved gets a case.due operation: the platform holds
// the desk's copy of the case and must move with it.
func applyCalendar(ctx context.Context, tx *Tx, y hall.CalendarYear) error {
	before, err := openDueDates(ctx, tx)
	if err != nil {
		return err
	}
	if _, err := tx.db.SaveCalendarYearTx(ctx, tx, y.Year, y.Table, "平台"); err != nil {
		return err
	}
	after, err := openDueDates(ctx, tx)
	if err != nil {
		return err
	}
	for id, d := range after {
		if b, ok := before[id]; !ok || b == d {
			continue
		}
		d.Reason = fmt.Sprintf("平台发布了%d年节假日表，办结期限重新计算", y.Year)
		if err := enqueue(ctx, tx, NewID(), hall.OpCaseDue, id, d); err != nil {
			return err
		}
	}
	return nil
}

// openDueDates are the due dates of the accepted cases still open.
func openDueDates(ctx context.Context, tx *Tx) (map[string]hall.DueChange, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, no, promise_due, legal_due FROM cases
		WHERE accepted_at != '' AND state NOT IN ('不予受理', '办结', '送达', '撤回')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]hall.DueChange{}
	for rows.Next() {
		var d hall.DueChange
		if err := rows.Scan(&d.CaseID, &d.CaseNo, &d.PromiseDue, &d.LegalDue); err != nil {
			return nil, err
		}
		out[d.CaseID] = d
	}
	return out, rows.Err()
}

func applyUser(ctx context.Context, tx *Tx, u hall.PlatformUser) error {
	active := 0
	if u.Active {
		active = 1
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO platform_users (id, name, hall, role, active, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, hall = excluded.hall,
		role = excluded.role, active = excluded.active, updated_at = excluded.updated_at`,
		u.ID, u.Name, u.Hall, u.Role, active, stamp(tx.Now))
	return err
}

// addConflict keeps what the platform sent and the desk could not apply,
// its personal data sealed like every other record's (a decision may name
// the applicant's phone).
func addConflict(ctx context.Context, tx *Tx, p hall.PullProblem) error {
	doc := p.Doc
	if json.Valid(doc) {
		var err error
		if doc, err = sealJSON(ctx, tx, doc); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_conflicts (stream, key, case_id, doc, reason, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, p.Stream, p.Key, p.CaseID, string(doc), p.Reason, stamp(tx.Now))
	return err
}

// mergeable tells a decision that does not fit the desk's case (kept as a
// conflict) from a failure of the desk itself (the pull stops and repeats).
func mergeable(err error) bool {
	switch hall.ErrorCode(err) {
	case hall.EConflict, hall.ENotFound, hall.EInvalid:
		return true
	}
	return false
}
