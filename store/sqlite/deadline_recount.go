package sqlite

import (
	"context"
	"fmt"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
)

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
