package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
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
// nothing of the applicant is ever copied into it (docs/adr/0020). The
// cases come from the transaction (platformCase), their events and 督办
// with one query each for all of them (the events of a case the
// transaction created are those it kept), their items with two.
func (s *Store) supervisionRows(ctx context.Context, tx *txn) ([]supRow, error) {
	var ids, read []any
	var cases []*hall.Case
	events := map[string][]protocol.SupEvent{}
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
		ids = append(ids, id)
		cases = append(cases, &st.c)
		if st.evsAll { // created here: its events are the transaction's
			events[id] = st.evs
		} else {
			read = append(read, id)
		}
	}
	err := perCase(ctx, tx, "SELECT case_id, doc FROM case_events WHERE case_id IN (%s) ORDER BY case_id, seq", read,
		func(id, doc string) error {
			var ev struct {
				Action string    `json:"action"`
				At     time.Time `json:"at"`
			}
			// Action and time are never sealed: read them without opening.
			if err := decodeJSON([]byte(doc), &ev); err != nil {
				return fmt.Errorf("case %s event: %w", id, err)
			}
			events[id] = append(events[id], protocol.SupEvent{Kind: ev.Action, At: ev.At.Unix()})
			return nil
		})
	if err != nil {
		return nil, err
	}
	urges := map[string][]protocol.Urge{}
	err = perCase(ctx, tx, "SELECT case_id, doc FROM urges WHERE case_id IN (%s) ORDER BY case_id, id", ids,
		func(id, doc string) error {
			var u protocol.Urge
			if err := json.Unmarshal([]byte(doc), &u); err != nil {
				return err
			}
			urges[id] = append(urges[id], u)
			return nil
		})
	if err != nil {
		return nil, err
	}
	var rows []supRow
	items := map[string]string{}
	for i, c := range cases {
		id := ids[i].(string)
		row := protocol.SupCase{No: c.No, Item: c.ItemCode, Department: c.Department, Clerk: c.Clerk,
			State: string(c.State), PromiseDue: c.PromiseDue, LegalDue: c.LegalDue, Overdue: c.OverdueReason,
			Events: events[id], Urges: urges[id]}
		if !c.AcceptedAt.IsZero() {
			row.Accepted = c.AcceptedAt.Unix()
		}
		if !c.FinishedAt.IsZero() {
			row.Finished = c.FinishedAt.Unix()
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
	return rows, s.noteItems(ctx, tx, items)
}

// perCase runs query (its IN list left as %s) for ids, in pieces, and
// calls fn with each row's case id and document.
func perCase(ctx context.Context, tx *txn, query string, ids []any, fn func(id, doc string) error) error {
	return queryIn(ctx, tx, query, nil, ids, func(rows *sql.Rows) error {
		var id, doc string
		if err := rows.Scan(&id, &doc); err != nil {
			return err
		}
		return fn(id, doc)
	})
}

// cutNo returns the hall and desk parts of a case number.
func cutNo(no string) (hallCode, deskCode string, ok bool) {
	n, err := hall.ParseCaseNumber(no)
	if err != nil {
		return "", "", false
	}
	return n.Hall, n.Desk, true
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

// noteItems keeps the items' names (by code) and their limits in the
// platform's catalog, in order of code, writing only those that changed.
func (s *Store) noteItems(ctx context.Context, tx *txn, names map[string]string) error {
	codes := make([]any, 0, len(names))
	for code := range names {
		codes = append(codes, code)
	}
	slices.SortFunc(codes, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
	catalog := map[string]string{}
	err := queryIn(ctx, tx, "SELECT key, doc FROM changes WHERE stream = ? AND key IN (%s)",
		[]any{protocol.StreamCatalog}, codes, func(rows *sql.Rows) error {
			var code, doc string
			err := rows.Scan(&code, &doc)
			catalog[code] = doc
			return err
		})
	if err != nil {
		return err
	}
	have := map[string]protocol.SupItem{}
	err = queryIn(ctx, tx, `SELECT code, name, promise_days, promise_unit, legal_days, legal_unit
		FROM supervision_items WHERE code IN (%s)`, nil, codes, func(rows *sql.Rows) error {
		var code string
		var it protocol.SupItem
		err := rows.Scan(&code, &it.Name, &it.PromiseDays, &it.PromiseUnit, &it.LegalDays, &it.LegalUnit)
		have[code] = it
		return err
	})
	if err != nil {
		return err
	}
	for _, c := range codes {
		code := c.(string)
		var it struct { // what the feed keeps of the catalog's item: its name and limits
			Name         string     `json:"name"`
			LegalLimit   hall.Limit `json:"legal_limit"`
			PromiseLimit hall.Limit `json:"promise_limit"`
		}
		if doc, ok := catalog[code]; ok {
			if err := decodeJSON([]byte(doc), &it); err != nil {
				return fmt.Errorf("catalog %s: %w", code, err)
			}
		}
		old, known := have[code]
		want := old
		want.Name = names[code]
		if it.Name != "" {
			want.Name = it.Name
		}
		if it.PromiseLimit.Unit != "" {
			want.PromiseDays, want.PromiseUnit = it.PromiseLimit.Days, string(it.PromiseLimit.Unit)
		}
		if it.LegalLimit.Unit != "" {
			want.LegalDays, want.LegalUnit = it.LegalLimit.Days, string(it.LegalLimit.Unit)
		}
		if known && want == old {
			continue // unchanged: the item's row is not written (nor locked) for every case
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO supervision_items (code, name, promise_days, promise_unit, legal_days,
			legal_unit) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name,
			promise_days = excluded.promise_days, promise_unit = excluded.promise_unit,
			legal_days = excluded.legal_days, legal_unit = excluded.legal_unit`,
			code, want.Name, want.PromiseDays, want.PromiseUnit, want.LegalDays, want.LegalUnit)
		if err != nil {
			return err
		}
	}
	return nil
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
