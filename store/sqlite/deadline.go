package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"yichuang/hall"
	"yichuang/hall/calendar"
)

// updateDueDates counts c's due dates again after ev, which hall.Apply has
// applied to c but which is not stored yet, and writes what they rest on
// (limits, stops) beside the case. It sets the dates on c and on ev, so the
// case row, its event and the outbox entry carry the same dates. Every
// store path that applies an event to a case calls it after hall.Apply, in
// the same transaction; the dates a caller put on a desk event are
// replaced, because the store is the one place they are counted. A desk
// with no calendar at all (a bare database in a test) leaves them as given.
func (db *DB) updateDueDates(ctx context.Context, tx *Tx, c *hall.Case, ev *hall.Event) error {
	if !calendar.MovesDue(ev.Action) || c.AcceptedAt.IsZero() {
		return nil
	}
	cal, ok, err := db.calendarFrom(ctx, tx, false)
	if err != nil || !ok {
		return err
	}
	lim, err := limitsOf(ctx, tx, c, ev.Action == hall.ActAccept)
	if err != nil {
		return err
	}
	d, err := countDue(ctx, tx, cal, c.ID, c.AcceptedAt, lim, ev)
	if err != nil {
		return hall.Wrap(hall.EInvalid, err, "办件%s的办理期限无法计算：%s", c.No, hall.ErrorMessage(err))
	}
	c.PromiseDue, c.LegalDue = d.promise.Date.String(), d.legal.Date.String()
	ev.PromiseDue, ev.LegalDue = c.PromiseDue, c.LegalDue
	return writeDue(ctx, tx, c.ID, d)
}

// limitsOf returns the limits c is counted under: the item's at acceptance,
// afterwards the ones fixed then (the item's, for a case accepted before
// they were kept).
func limitsOf(ctx context.Context, tx *Tx, c *hall.Case, accepting bool) (calendar.Limits, error) {
	var l calendar.Limits
	if !accepting {
		var pd, ld sql.NullInt64
		var pu, lu string
		if err := tx.QueryRowContext(ctx, `SELECT due_promise_days, due_promise_unit, due_legal_days, due_legal_unit
			FROM cases WHERE id = ?`, c.ID).Scan(&pd, &pu, &ld, &lu); err != nil {
			return l, err
		}
		if pd.Valid && ld.Valid {
			l.Promise = hall.Limit{Days: int(pd.Int64), Unit: hall.Unit(pu)}
			l.Legal = hall.Limit{Days: int(ld.Int64), Unit: hall.Unit(lu)}
			return l, nil
		}
	}
	err := tx.QueryRowContext(ctx, `SELECT promise_days, promise_unit, legal_days, legal_unit FROM items
		WHERE code = ?`, c.ItemCode).Scan(&l.Promise.Days, &l.Promise.Unit, &l.Legal.Days, &l.Legal.Unit)
	if errors.Is(err, sql.ErrNoRows) {
		return l, hall.Errorf(hall.ENotFound, "办件%s的事项“%s”不在事项目录中，无法计算办理期限", c.No, c.ItemCode)
	}
	return l, err
}

// due is a case's counted dates and what they rest on.
type due struct {
	limits         calendar.Limits
	promise, legal calendar.Due
	stops          []calendar.Stop
	stopped        int
}

// countDue counts the dates of case id from its stored events and, when
// not nil, one more not stored yet.
func countDue(ctx context.Context, q querier, cal *calendar.Calendar, id string, accepted time.Time,
	lim calendar.Limits, pending *hall.Event) (due, error) {
	events, err := eventsOf(ctx, q, id)
	if err != nil {
		return due{}, err
	}
	if pending != nil {
		events = append(events, *pending)
	}
	return dueFrom(cal, lim, accepted, events)
}

// dueFrom counts the dates from a case's events.
func dueFrom(cal *calendar.Calendar, lim calendar.Limits, accepted time.Time, events []hall.Event) (due, error) {
	d := due{limits: lim}
	var err error
	if d.promise, d.legal, err = cal.DueDates(lim, accepted, events); err != nil {
		return due{}, err
	}
	if d.stops, err = calendar.StopsOf(calendar.HallDate(accepted), events); err != nil {
		return due{}, err
	}
	d.stopped = cal.StoppedDays(d.stops)
	return d, nil
}

func eventsOf(ctx context.Context, q querier, id string) ([]hall.Event, error) {
	rows, err := q.QueryContext(ctx, "SELECT doc FROM case_events WHERE case_id = ? ORDER BY seq", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hall.Event
	for rows.Next() {
		var doc string
		var ev hall.Event
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(doc), &ev); err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, rows.Err()
}

func writeDue(ctx context.Context, tx *Tx, id string, d due) error {
	_, err := tx.ExecContext(ctx, `UPDATE cases SET due_promise_days = ?, due_promise_unit = ?,
		due_legal_days = ?, due_legal_unit = ?, due_stops = ?, due_stopped_days = ?, due_provisional = ?
		WHERE id = ?`, d.limits.Promise.Days, string(d.limits.Promise.Unit), d.limits.Legal.Days,
		string(d.limits.Legal.Unit), calendar.FormatStops(d.stops), d.stopped,
		d.promise.Provisional() || d.legal.Provisional(), id)
	return err
}

// openCase is what a recount needs of an open case.
type openCase struct {
	id, no, itemCode     string
	accepted             time.Time
	promiseDue, legalDue string
	hasLimits            bool
}

// recountOpenDueDates counts again, after the table of year changed, the
// due dates of the open cases whose counting runs through that year. A
// case's dates change without an event (nothing happened to the case; the
// dates are derived from its events and the calendar), in the same
// transaction as the table. A case whose events cannot be counted keeps its
// dates and is logged: one bad case must not hold back the calendar.
func (db *DB) recountOpenDueDates(ctx context.Context, tx *Tx, year int) (int, error) {
	cal, ok, err := db.calendarFrom(ctx, tx, false)
	if err != nil || !ok {
		return 0, err
	}
	first := fmt.Sprintf("%04d-01-01", year)
	next, _ := calendar.MakeDate(year+1, time.January, 1)
	rows, err := tx.QueryContext(ctx, `SELECT id, no, item_code, accepted_at, promise_due, legal_due,
		due_promise_days IS NOT NULL AND due_legal_days IS NOT NULL FROM cases
		WHERE accepted_at != '' AND accepted_at < ? AND state NOT IN ('不予受理', '办结', '送达', '撤回')
		AND (promise_due >= ? OR legal_due >= ? OR due_provisional = 1)`, stamp(next.Start()), first, first)
	if err != nil {
		return 0, err
	}
	var open []openCase
	for rows.Next() {
		var oc openCase
		var acc string
		if err := rows.Scan(&oc.id, &oc.no, &oc.itemCode, &acc, &oc.promiseDue, &oc.legalDue, &oc.hasLimits); err != nil {
			rows.Close()
			return 0, err
		}
		oc.accepted = parseStamp(acc)
		open = append(open, oc)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	moved := 0
	for _, oc := range open {
		c := &hall.Case{ID: oc.id, No: oc.no, ItemCode: oc.itemCode, AcceptedAt: oc.accepted}
		lim, err := limitsOf(ctx, tx, c, !oc.hasLimits)
		if err != nil {
			return moved, err
		}
		d, err := countDue(ctx, tx, cal, oc.id, oc.accepted, lim, nil)
		if err != nil {
			db.log.Warn("due dates not recounted", "case", oc.no, "year", year, "err", err)
			continue
		}
		if err := writeDue(ctx, tx, oc.id, d); err != nil {
			return moved, err
		}
		p, l := d.promise.Date.String(), d.legal.Date.String()
		if p == oc.promiseDue && l == oc.legalDue {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET promise_due = ?1, legal_due = ?2,
			doc = json_set(doc, '$.promise_due', ?1, '$.legal_due', ?2) WHERE id = ?3`, p, l, oc.id); err != nil {
			return moved, err
		}
		db.log.Info("due dates recounted", "case", oc.no, "year", year, "promise", p, "legal", l)
		moved++
	}
	return moved, nil
}
