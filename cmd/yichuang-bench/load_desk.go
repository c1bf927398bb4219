package main

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"

	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/seed"
	"yichuang/sync/engine"
	"yichuang/sync/protocol"
	"yichuang/sync/transport"
)

// loadDesk is one simulated desk of the load bench: its credentials, the
// real desk client (signing, gzip) and the cases it has open. Its cases
// go through 收件, 受理, 开始审查 and 办结, one operation each, with the
// applicant, the item's materials and the due dates a desk sends.
type loadDesk struct {
	id, hallCode, deskCode string
	client                 *transport.Client
	r                      *rand.Rand
	items                  []hall.Item
	cal                    *calendar.Calendar
	cursors                map[string]string
	open                   []*hall.Case
	seq                    int
	opsByCase              map[string][]string // operation ids sent, by case number

	// What it did, read once the run is over.
	pushes, pushFailures, pulls, pullFailures int
	pushShed, pullShed                        int // attempts the platform answered busy (503): nothing done
	sent, applied, duplicate, refused         int
	unanswered                                int // batches still without an answer when the run was cut
	cases, pulled                             int
	pushTimes, pullTimes                      []time.Duration
	served                                    []time.Duration // the answered push attempt alone
	lastErr                                   error
	notBefore                                 time.Time // a busy platform asked the desk to wait until then
}

// deskBackoff is the desk's engine's: a busy platform's Retry-After is
// honoured as the desk honours it, jitter and cap included.
var deskBackoff = engine.Backoff{Base: 2 * time.Second, Cap: 5 * time.Minute}

// busy reports whether err is the platform's busy answer and, if so, makes
// the desk wait as its engine would (or until ctx ends).
func (d *loadDesk) busy(ctx context.Context, err error, n int) bool {
	var f *protocol.Fault
	if !errors.As(err, &f) || !f.Busy() {
		return false
	}
	d.notBefore = time.Now().Add(deskBackoff.After(err, n, d.r.Float64()))
	select {
	case <-ctx.Done():
	case <-time.After(time.Until(d.notBefore)):
	}
	return true
}

// nextOp makes the desk's next operation: a new case about one time in
// three (and whenever fewer than four are open), otherwise the next step
// of an open case, so a batch mixes new cases with later events.
func (d *loadDesk) nextOp(now time.Time) (protocol.Op, error) {
	if len(d.open) < 4 || d.r.IntN(3) == 0 {
		return d.newCase(now)
	}
	i := d.r.IntN(len(d.open))
	c := d.open[i]
	ev := hall.Event{ID: uuid.Must(uuid.NewV7()).String(), CaseID: c.ID, Action: actionAfter(c.State), At: now, Actor: c.Clerk}
	if ev.Action == hall.ActDecide {
		ev.Result = hall.ResultApproved
	}
	ev, err := hall.Apply(c, ev)
	if err != nil {
		return protocol.Op{}, err
	}
	if ev.Action == hall.ActAccept {
		d.due(c, &ev)
	}
	c.UpdatedAt = now
	if ev.Action == hall.ActDecide {
		d.open = append(d.open[:i], d.open[i+1:]...)
	}
	d.opsByCase[c.No] = append(d.opsByCase[c.No], ev.ID)
	return caseOp(c, ev)
}

// actionAfter is the step that follows a state in a bench case's life.
func actionAfter(s hall.State) hall.Action {
	switch s {
	case hall.StateReceived:
		return hall.ActAccept
	case hall.StateAccepted:
		return hall.ActStartReview
	}
	return hall.ActDecide
}

func (d *loadDesk) newCase(now time.Time) (protocol.Op, error) {
	d.seq++
	// Past 9,999 cases a day the numbers go on on earlier days, so a long
	// compressed run never runs out of them.
	day := now.AddDate(0, 0, -(d.seq-1)/9999)
	no, err := hall.CaseNumberOf(d.hallCode, d.deskCode, hall.HallTime(day), 0, (d.seq-1)%9999+1)
	if err != nil {
		return protocol.Op{}, err
	}
	it := d.items[d.r.IntN(len(d.items))]
	c := &hall.Case{ID: uuid.Must(uuid.NewV7()).String(), No: no, ItemCode: it.Code, ItemName: it.Name,
		Department: it.Department, Applicant: seed.Applicant(d.r, now.Year()), Clerk: benchClerks[d.r.IntN(len(benchClerks))],
		CreatedAt: now, UpdatedAt: now}
	for _, m := range it.Materials {
		if m.Necessity != hall.Optional || d.r.IntN(2) == 0 {
			c.Materials = append(c.Materials, hall.CaseMaterial{Name: m.Name, Necessity: m.Necessity,
				Originals: m.Originals, Copies: m.Copies})
		}
	}
	ev, err := hall.Apply(c, hall.Event{ID: uuid.Must(uuid.NewV7()).String(), CaseID: c.ID, Action: hall.ActReceive,
		At: now, Actor: c.Clerk})
	if err != nil {
		return protocol.Op{}, err
	}
	d.open = append(d.open, c)
	d.cases++
	d.opsByCase[c.No] = append(d.opsByCase[c.No], ev.ID)
	return caseOp(c, ev)
}

// due fixes the due dates 受理 sets, counted from the item's limits.
func (d *loadDesk) due(c *hall.Case, ev *hall.Event) {
	for _, it := range d.items {
		if it.Code != c.ItemCode {
			continue
		}
		p, l, err := d.cal.DueDates(calendar.Limits{Promise: it.PromiseLimit, Legal: it.LegalLimit}, c.AcceptedAt, []hall.Event{*ev})
		if err == nil {
			c.PromiseDue, c.LegalDue = p.Date.String(), l.Date.String()
			ev.PromiseDue, ev.LegalDue = c.PromiseDue, c.LegalDue
		}
		return
	}
}

// round is what a desk's sync round does: push one batch, then pull until
// the platform has nothing more. A batch that got no answer is sent again,
// as the desk's outbox would, until it is answered or ctx ends.
func (d *loadDesk) round(ctx context.Context, batch int) {
	req := protocol.PushRequest{Ops: make([]protocol.Op, 0, batch)}
	now := time.Now()
	for range batch {
		op, err := d.nextOp(now)
		if err != nil {
			d.lastErr = err
			return
		}
		req.Ops = append(req.Ops, op)
	}
	d.sent += len(req.Ops)
	// A push's latency is the desk's: from the first attempt to the answer,
	// resends after a timeout included.
	t0 := time.Now()
	for n := 1; ; n++ {
		a0 := time.Now()
		res, err := d.client.Push(ctx, req)
		took := time.Since(t0)
		d.pushes++
		if err == nil && len(res.Results) != len(req.Ops) {
			err = errors.New("push answered a different number of operations")
		}
		if err != nil {
			d.pushFailures++
			d.lastErr = err
			if d.busy(ctx, err, n) {
				d.pushShed++
			} else if ctx.Err() == nil {
				time.Sleep(200 * time.Millisecond)
			}
			if ctx.Err() != nil {
				d.unanswered++
				return
			}
			continue
		}
		d.served = append(d.served, time.Since(a0))
		d.pushTimes = append(d.pushTimes, took)
		for _, r := range res.Results {
			switch r.Code {
			case protocol.CodeApplied:
				d.applied++
			case protocol.CodeDuplicate:
				d.duplicate++
			default:
				d.refused++
				d.lastErr = errors.New(r.Code + " " + r.Message)
			}
		}
		break
	}
	for {
		t0 := time.Now()
		resp, err := d.client.Pull(ctx, protocol.PullRequest{Cursors: d.cursors, Limit: 500})
		d.pulls++
		if err != nil {
			d.pullFailures++
			d.lastErr = err
			if d.busy(ctx, err, 1) {
				d.pullShed++
			}
			return
		}
		d.pullTimes = append(d.pullTimes, time.Since(t0))
		d.pulled += len(resp.Changes)
		for s, c := range resp.Cursors {
			d.cursors[s] = c
		}
		if !resp.More {
			return
		}
	}
}

// run does a round every interval, from a random phase within the first,
// until stop; a round that overran starts the next at once (a desk's
// rounds never overlap), but not before a busy platform asked.
func (d *loadDesk) run(ctx context.Context, start, stop time.Time, interval time.Duration, batch int) {
	next := start.Add(time.Duration(d.r.Int64N(int64(interval))))
	for next.Before(stop) {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Until(next)):
		}
		d.round(ctx, batch)
		next = next.Add(interval)
		if next.Before(d.notBefore) {
			next = d.notBefore
		}
	}
}
