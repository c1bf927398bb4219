package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
)

// SeedCases writes n realistic cases of the catalog's active items,
// accepted at this desk on the working days of the half year up to today
// (the hall's day of today), for demos, the supervisor's screen and load
// tests: see seedPlan for their mix. Each case goes through hall.Apply and
// calendar.DueDates like a clerk's actions, but many cases share one
// transaction, and their outbox entries are written as already pushed
// (state done, the event only), as on a desk that has been in service for
// months. The same seed gives the same cases. It returns how many were
// written.
func (db *DB) SeedCases(ctx context.Context, n int, today time.Time, seed int64) (int, error) {
	items, err := db.Catalog().ListItems(ctx, hall.ItemFilter{Limit: 100000})
	if err != nil {
		return 0, err
	}
	var usable []hall.ItemSummary
	for _, it := range items {
		if it.Status != hall.ItemWithdrawn && it.PromiseLimit.Unit.Valid() || it.PromiseLimit.Instant() {
			usable = append(usable, it)
		}
	}
	if len(usable) == 0 {
		return 0, hall.Errorf(hall.EConflict, "事项目录为空，无法生成演示办件")
	}
	cal, err := db.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	r := rand.New(rand.NewSource(seed))
	end := calendar.HallDate(today)
	var days []calendar.Date
	for d := end.AddDays(-182); !d.After(end); d = d.AddDays(1) {
		if cal.IsWorkday(d) {
			days = append(days, d)
		}
	}
	done := 0
	for done < n {
		batch := min(n-done, 2000)
		err := db.Update(ctx, func(tx *Tx) error {
			w, err := newSeedWriter(ctx, tx, cal)
			if err != nil {
				return err
			}
			defer w.close()
			for range batch {
				d := days[r.Intn(len(days))]
				st := seedPlan(r, cal, usable[r.Intn(len(usable))], d, end)
				if d == end && r.Intn(8) == 0 {
					st.events = st.events[:1] // received today, not accepted yet
				}
				if err := w.write(ctx, r, st); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return done, err
		}
		done += batch
	}
	return done, nil
}

// seedWriter holds the statements of one seed transaction.
type seedWriter struct {
	tx                 *Tx
	cal                *calendar.Calendar
	kase, event, outbx *sql.Stmt
}

func newSeedWriter(ctx context.Context, tx *Tx, cal *calendar.Calendar) (*seedWriter, error) {
	w := &seedWriter{tx: tx, cal: cal}
	var err error
	if w.kase, err = tx.PrepareContext(ctx, `INSERT INTO cases (id, no, item_code, item_name, department, state,
		result, clerk, applicant_name, received_at, accepted_at, finished_at, promise_due, legal_due, created_at,
		updated_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
		return nil, err
	}
	if w.event, err = tx.PrepareContext(ctx, `INSERT INTO case_events (id, case_id, seq, action, from_state,
		to_state, at, actor, origin, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'desk', ?)`); err != nil {
		return nil, err
	}
	w.outbx, err = tx.PrepareContext(ctx, `INSERT INTO outbox (op_id, kind, case_id, body, created_at, state,
		done_at) VALUES (?, 'case.event', ?, ?, ?, 'done', ?)`)
	return w, err
}

func (w *seedWriter) close() {
	for _, s := range []*sql.Stmt{w.kase, w.event, w.outbx} {
		if s != nil {
			s.Close()
		}
	}
}

// write applies the story's events to a new case, counting its due dates
// after each event that moves them, and inserts case, events and outbox.
func (w *seedWriter) write(ctx context.Context, r *rand.Rand, st seedStory) error {
	c := &hall.Case{ID: NewID(), ItemCode: st.item.Code, ItemName: st.item.Name, Department: st.item.Department,
		Clerk: st.clerk, Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: st.name, IDType: hall.IDResidentCard},
		CreatedAt: st.events[0].At}
	no, err := nextCaseNumber(ctx, w.tx, st.events[0].At)
	if err != nil {
		return err
	}
	c.No = no
	lim := calendar.Limits{Promise: st.item.PromiseLimit, Legal: st.item.LegalLimit}
	applied := make([]hall.Event, 0, len(st.events))
	for i, ev := range st.events {
		ev.ID = NewID()
		if ev.Action == hall.ActDecide {
			ev.Result = seedResult(r, st.item)
		}
		if ev.Action == hall.ActDeliver { // posted: a window pick-up would need an applicant's ID
			ev.Data, _ = json.Marshal(hall.Notice{Delivery: &hall.Delivery{Method: hall.DeliverPost,
				Company: "中国邮政EMS", Tracking: fmt.Sprintf("EMS%010d", r.Intn(1e9))}})
		}
		if movesDue(ev.Action) {
			p, l, err := w.cal.DueDates(lim, time.Time{}, st.events[:i+1])
			if err != nil {
				return fmt.Errorf("seed case %s: %w", c.No, err)
			}
			ev.PromiseDue, ev.LegalDue = p.Date.String(), l.Date.String()
		}
		a, err := hall.Apply(c, ev)
		if err != nil {
			return fmt.Errorf("seed case %s: %w", c.No, err)
		}
		applied = append(applied, a)
	}
	doc, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if _, err := w.kase.ExecContext(ctx, c.ID, c.No, c.ItemCode, c.ItemName, c.Department, string(c.State),
		string(c.Result), c.Clerk, c.Applicant.Name, stamp(c.ReceivedAt), stamp(c.AcceptedAt), stamp(c.FinishedAt),
		c.PromiseDue, c.LegalDue, stamp(c.CreatedAt), stamp(c.UpdatedAt), string(doc)); err != nil {
		return err
	}
	for i, ev := range applied {
		edoc, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		if _, err := w.event.ExecContext(ctx, ev.ID, c.ID, i+1, string(ev.Action), string(ev.From), string(ev.To),
			stamp(ev.At), ev.Actor, string(edoc)); err != nil {
			return err
		}
		body := `{"event":` + string(edoc) + `}`
		if _, err := w.outbx.ExecContext(ctx, ev.ID, c.ID, body, stamp(ev.At), stamp(ev.At)); err != nil {
			return err
		}
	}
	if c.AcceptedAt.IsZero() {
		return nil
	}
	d, err := dueFrom(w.cal, lim, c.AcceptedAt, applied)
	if err != nil {
		return err
	}
	return writeDue(ctx, w.tx, c.ID, d)
}
