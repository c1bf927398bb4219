package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// Feed page sizes: a page of 2,000 cases is about 100 KB compressed.
const (
	feedDefault = 2000
	feedMax     = 5000
)

// noteSupervision marks case id, changed by the transaction, for its feed
// row to be rebuilt from the platform's copy when the transaction commits
// and moved to the feed's end (sequence.go).
func (s *Store) noteSupervision(_ context.Context, tx *txn, id string) error {
	tx.noteCase(id)
	return nil
}

// supRow is one feed row to write.
type supRow struct{ id, hall, item, doc string }

// supervisionRows builds the feed rows of the cases the transaction
// changed, in the order they last changed, and keeps their items' names
// and limits. A row is built field by field from what supervision needs:
// nothing of the applicant is ever copied into it (docs/adr/0020).
func (s *Store) supervisionRows(ctx context.Context, tx *txn) ([]supRow, error) {
	var rows []supRow
	items := map[string]string{}
	for i, id := range tx.sup {
		if slices.Contains(tx.sup[i+1:], id) {
			continue // changed again later in the transaction
		}
		st, err := s.platformCase(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if st == nil {
			continue
		}
		c := &st.c
		row := protocol.SupCase{No: c.No, Item: c.ItemCode, Department: c.Department, Clerk: c.Clerk,
			State: string(c.State), PromiseDue: c.PromiseDue, LegalDue: c.LegalDue, Overdue: c.OverdueReason}
		if !c.AcceptedAt.IsZero() {
			row.Accepted = c.AcceptedAt.Unix()
		}
		if !c.FinishedAt.IsZero() {
			row.Finished = c.FinishedAt.Unix()
		}
		if row.Events, err = s.supEvents(ctx, tx, id); err != nil {
			return nil, err
		}
		if row.Urges, err = s.urgesOf(ctx, tx, id); err != nil {
			return nil, err
		}
		for _, e := range row.Events {
			if e.Kind == string(hall.ActRate) {
				if row.Ratings, err = s.supRatings(ctx, tx, id, c); err != nil {
					return nil, err
				}
				break
			}
		}
		doc, err := json.Marshal(row)
		if err != nil {
			return nil, err
		}
		hallCode, _, _ := cutNo(c.No)
		rows = append(rows, supRow{id: id, hall: hallCode, item: c.ItemCode, doc: string(doc)})
		items[c.ItemCode] = c.ItemName
	}
	codes := make([]string, 0, len(items))
	for code := range items {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		if err := s.noteItem(ctx, tx, code, items[code]); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// cutNo returns the hall and desk parts of a case number.
func cutNo(no string) (hallCode, deskCode string, ok bool) {
	n, err := hall.ParseCaseNumber(no)
	if err != nil {
		return "", "", false
	}
	return n.Hall, n.Desk, true
}

// supEvents lists a case's events as the feed carries them: kind and time,
// every kind (a kind added later flows unchanged), never a reason or data.
func (s *Store) supEvents(ctx context.Context, tx *txn, id string) ([]protocol.SupEvent, error) {
	rows, err := tx.QueryContext(ctx, "SELECT doc FROM case_events WHERE case_id = ? ORDER BY seq", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []protocol.SupEvent
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		var ev struct {
			Action string    `json:"action"`
			At     time.Time `json:"at"`
		}
		// Action and time are never sealed: read them without opening.
		if err := json.Unmarshal([]byte(d), &ev); err != nil {
			return nil, fmt.Errorf("case %s event: %w", id, err)
		}
		out = append(out, protocol.SupEvent{Kind: ev.Action, At: ev.At.Unix()})
	}
	return out, rows.Err()
}

// supRatings lists the case's 好差评 as the feed carries them (stage,
// level, time, channel, whether a reason was given, the clerk when not the
// case's), read from its rating events: the events hold every rating,
// those of the desk and those given here (rate.go). Only called for a case
// that has a rating event, so the others cost nothing more.
func (s *Store) supRatings(ctx context.Context, tx *txn, id string, c *hall.Case) ([]protocol.SupRating, error) {
	evs, err := s.rateEvents(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	var out []protocol.SupRating
	for _, ev := range evs {
		r, _ := hall.RatingOf(ev)
		sr := protocol.SupRating{Stage: string(r.Stage), Level: string(r.Level), At: r.At.Unix(),
			Channel: r.Channel, Reasoned: r.Reason != ""}
		if ev.Actor != "" && ev.Actor != c.Clerk {
			sr.Clerk = ev.Actor
		}
		out = append(out, sr)
	}
	return out, nil
}

// noteItem keeps the item's name and its limits in the platform's catalog.
func (s *Store) noteItem(ctx context.Context, tx *txn, code, name string) error {
	var it hall.Item
	var doc string
	err := tx.QueryRowContext(ctx, "SELECT doc FROM changes WHERE stream = ? AND key = ?", protocol.StreamCatalog, code).Scan(&doc)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if err == nil {
		if err := json.Unmarshal([]byte(doc), &it); err != nil {
			return fmt.Errorf("catalog %s: %w", code, err)
		}
		if it.Name != "" {
			name = it.Name
		}
	}
	var have protocol.SupItem
	err = tx.QueryRowContext(ctx, `SELECT name, promise_days, promise_unit, legal_days, legal_unit
		FROM supervision_items WHERE code = ?`, code).Scan(&have.Name, &have.PromiseDays, &have.PromiseUnit,
		&have.LegalDays, &have.LegalUnit)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	want := have
	want.Name = name
	if it.PromiseLimit.Unit != "" {
		want.PromiseDays, want.PromiseUnit = it.PromiseLimit.Days, string(it.PromiseLimit.Unit)
	}
	if it.LegalLimit.Unit != "" {
		want.LegalDays, want.LegalUnit = it.LegalLimit.Days, string(it.LegalLimit.Unit)
	}
	if err == nil && want == have {
		return nil // unchanged: the item's row is not written (nor locked) for every case
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO supervision_items (code, name, promise_days, promise_unit, legal_days,
		legal_unit) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name,
		promise_days = excluded.promise_days, promise_unit = excluded.promise_unit,
		legal_days = excluded.legal_days, legal_unit = excluded.legal_unit`,
		code, want.Name, want.PromiseDays, want.PromiseUnit, want.LegalDays, want.LegalUnit)
	return err
}

// backfillSupervision builds the feed rows of cases that have none (a
// platform that kept cases before the feed existed), in pages.
func (s *Store) backfillSupervision(ctx context.Context) error {
	for {
		var ids []string
		rows, err := s.read.QueryContext(ctx, `SELECT id FROM cases WHERE id NOT IN (SELECT case_id FROM supervision) LIMIT 500`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if len(ids) == 0 {
			return nil
		}
		if err := s.update(ctx, func(tx *txn, now time.Time) error {
			for _, id := range ids {
				if err := s.noteSupervision(ctx, tx, id); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
}

// Supervision returns a page of the feed after req.Cursor for a supervisor
// of desk: the cases of the halls in the user's scope (Scope), in the order
// they last changed.
func (s *Store) Supervision(ctx context.Context, desk Desk, req protocol.SupervisionRequest) (protocol.SupervisionPage, error) {
	page := protocol.SupervisionPage{Cases: []protocol.SupCase{}}
	root, err := s.Scope(ctx, desk, req.User)
	if err != nil {
		return page, err
	}
	return s.feed(ctx, root, req.Cursor, req.Limit)
}

// SubtreeFeed is the feed of a subtree for the platform's own commands
// (yichuang-platform supervise), with no desk in between.
func (s *Store) SubtreeFeed(ctx context.Context, root, cursor string, limit int) (protocol.SupervisionPage, error) {
	return s.feed(ctx, root, cursor, limit)
}

func (s *Store) feed(ctx context.Context, root, cursor string, limit int) (protocol.SupervisionPage, error) {
	page := protocol.SupervisionPage{Cases: []protocol.SupCase{}, Scope: root}
	after, err := strconv.ParseInt(orZero(cursor), 10, 64)
	if err != nil || after < 0 {
		return page, hall.Errorf(hall.EInvalid, "监督游标“%s”无效", cursor)
	}
	if limit <= 0 {
		limit = feedDefault
	}
	limit = min(limit, feedMax)
	if page.Halls, err = s.Subtree(ctx, root); err != nil {
		return page, err
	}
	if len(page.Halls) == 0 {
		return page, hall.Errorf(hall.ENotFound, "大厅“%s”不在大厅树中", root)
	}
	codes := make([]string, len(page.Halls))
	for i, h := range page.Halls {
		codes[i] = h.Code
	}
	in, _ := json.Marshal(codes)
	tx, err := s.read.snapshot(ctx)
	if err != nil {
		return page, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, s.d.feed, after, string(in), limit+1)
	if err != nil {
		return page, err
	}
	items := map[string]bool{}
	last := after
	for rows.Next() {
		var seq int64
		var doc string
		if err := rows.Scan(&seq, &doc); err != nil {
			rows.Close()
			return page, err
		}
		if len(page.Cases) == limit {
			page.More = true
			break
		}
		var c protocol.SupCase
		if err := json.Unmarshal([]byte(doc), &c); err != nil {
			rows.Close()
			return page, fmt.Errorf("supervision row %d: %w", seq, err)
		}
		page.Cases = append(page.Cases, c)
		items[c.Item] = true
		last = seq
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return page, err
	}
	if !page.More { // nothing further in scope: stand at the newest row
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM supervision WHERE seq > 0").Scan(&last); err != nil {
			return page, err
		}
		last = max(last, after)
	}
	page.Cursor = strconv.FormatInt(last, 10)
	page.Items = map[string]protocol.SupItem{}
	for code := range items {
		var it protocol.SupItem
		err := tx.QueryRowContext(ctx, `SELECT name, promise_days, promise_unit, legal_days, legal_unit
			FROM supervision_items WHERE code = ?`, code).Scan(&it.Name, &it.PromiseDays, &it.PromiseUnit,
			&it.LegalDays, &it.LegalUnit)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return page, err
		}
		page.Items[code] = it
	}
	return page, nil
}
