package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
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
// transaction created are those it kept), their items with one
// (noteItems; two when the catalog changed).
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

// itemLimits is what the feed keeps of a catalog item: its name and
// limits.
type itemLimits struct {
	Name         string     `json:"name"`
	LegalLimit   hall.Limit `json:"legal_limit"`
	PromiseLimit hall.Limit `json:"promise_limit"`
}

// catalogItems remembers what the catalog's log said of each item, with
// the number of the change it was read from. A change is never rewritten
// in place (a new version is a new row, with a new mark and then a new
// number), so an entry whose number is the log's is what that row's
// document says: each push then reads the items' numbers, not their
// documents (1.8 KB each in the demo catalog, a dozen a push). Only
// numbered changes are remembered. An instance that forgets them all
// reads the documents again; none is ever wrong.
type catalogItems struct {
	mu sync.Mutex
	m  map[string]catalogItem
}

type catalogItem struct {
	seq int64
	it  itemLimits
}

// maxCatalogItems bounds catalogItems: far more than a province's items.
const maxCatalogItems = 50000

func (c *catalogItems) get(code string, seq int64) (itemLimits, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[code]
	return e.it, ok && seq > 0 && e.seq == seq
}

func (c *catalogItems) put(code string, seq int64, it itemLimits) {
	if seq <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCatalogItems {
		c.m = map[string]catalogItem{}
	}
	c.m[code] = catalogItem{seq: seq, it: it}
}

// noteItems keeps the items' names (by code) and their limits in the
// platform's catalog, in order of code, writing only those that changed.
// One statement reads, for every code, the number of its catalog change
// and its row in supervision_items; a second reads the catalog documents
// not remembered at that number (catalogItems).
func (s *Store) noteItems(ctx context.Context, tx *txn, names map[string]string) error {
	codes := make([]string, 0, len(names))
	for code := range names {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	type itemRow struct {
		seq   int64 // the catalog change's number; 0 when the catalog has none
		have  protocol.SupItem
		known bool // supervision_items has the item
	}
	found := map[string]*itemRow{}
	for _, c := range codes {
		found[c] = &itemRow{}
	}
	rows, err := tx.QueryContext(ctx, `WITH k (code) AS `+tx.d.inJSON+`
		SELECT k.code, c.seq, i.code, i.name, i.promise_days, i.promise_unit, i.legal_days, i.legal_unit
		FROM k LEFT JOIN changes AS c ON c.stream = ? AND c.key = k.code
		LEFT JOIN supervision_items AS i ON i.code = k.code`, jsonList(codes), protocol.StreamCatalog)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var seq sql.NullInt64
		var known sql.NullString
		var it protocol.SupItem
		var pd, ld sql.NullInt64
		var pu, lu sql.NullString
		var name sql.NullString
		if err := rows.Scan(&code, &seq, &known, &name, &pd, &pu, &ld, &lu); err != nil {
			return err
		}
		r := found[code]
		if r == nil {
			continue
		}
		if seq.Valid && (r.seq == 0 || later(seq.Int64, r.seq)) {
			r.seq = seq.Int64
		}
		if known.Valid {
			it.Name, it.PromiseDays, it.PromiseUnit, it.LegalDays, it.LegalUnit = name.String, int(pd.Int64), pu.String, int(ld.Int64), lu.String
			r.have, r.known = it, true
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	catalog := map[string]itemLimits{}
	var read []any
	for _, c := range codes {
		r := found[c]
		if r.seq == 0 {
			continue
		}
		if it, ok := s.items.get(c, r.seq); ok {
			catalog[c] = it
		} else {
			read = append(read, c)
		}
	}
	err = queryIn(ctx, tx, "SELECT key, seq, doc FROM changes WHERE stream = ? AND key IN (%s)",
		[]any{protocol.StreamCatalog}, read, func(rows *sql.Rows) error {
			var code, doc string
			var seq int64
			if err := rows.Scan(&code, &seq, &doc); err != nil {
				return err
			}
			if seq != found[code].seq {
				return nil // the earlier of two changes of one key
			}
			var it itemLimits
			if err := decodeJSON([]byte(doc), &it); err != nil {
				return fmt.Errorf("catalog %s: %w", code, err)
			}
			catalog[code] = it
			s.items.put(code, seq, it)
			return nil
		})
	if err != nil {
		return err
	}
	for _, code := range codes {
		it := catalog[code]
		old, known := found[code].have, found[code].known
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

// later reports whether the catalog change numbered (or marked) a came
// after b. A key has two changes while two transactions that replaced it
// are numbered, and the later stays: marks are numbered after every number
// already given, in the order they were taken (-1, -2, …).
func later(a, b int64) bool {
	if (a < 0) != (b < 0) {
		return a < 0
	}
	if a < 0 {
		return a < b
	}
	return a > b
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
