package engine

import (
	"context"
	"time"

	"yichuang/hall"
)

// Serve syncs until ctx ends. After a good round it looks for new work
// every Check and does a full round (for the platform's changes) every
// Poll; after a failure it waits the backoff's pause (or as long as a busy
// platform asked, Backoff.After), and while the link is
// down it probes the platform every Probe, so that work starts the moment
// the link returns. SyncNow cuts any wait short.
func (e *Engine) Serve(ctx context.Context) error {
	ctx = hall.AsDesk(ctx) // the engine acts as the desk, never as whoever is logged in
	if err := e.cfg.Store.ClearSending(ctx); err != nil {
		return err
	}
	if l, err := e.cfg.Store.SyncLog(ctx); err == nil {
		e.update(func(st *hall.SyncStatus) { st.SyncLog = l })
	}
	failures := 0
	for {
		err := e.Round(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		now := e.cfg.Clock.Now()
		var until time.Time
		if err == nil {
			failures = 0
			until = now.Add(e.cfg.Poll)
		} else {
			failures++
			until = now.Add(e.cfg.Backoff.After(err, failures, e.cfg.Rand()))
		}
		e.update(func(st *hall.SyncStatus) { st.NextAttempt = until })
		if err := e.wait(ctx, until, err == nil, isLink(err)); err != nil {
			return err
		}
	}
}

// wait returns when the next round is due.
func (e *Engine) wait(ctx context.Context, until time.Time, healthy, linkDown bool) error {
	for {
		left := until.Sub(e.cfg.Clock.Now())
		if left <= 0 {
			return nil
		}
		step := left
		switch {
		case healthy:
			step = min(left, e.cfg.Check)
		case linkDown:
			step = min(left, e.cfg.Probe)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-e.kick:
			return nil
		case <-e.cfg.Clock.After(step):
		}
		switch {
		case healthy:
			if c, err := e.cfg.Store.SyncCounts(ctx); err == nil && (c.Pending-c.Held > 0 || c.FilesPending > 0) {
				return nil
			}
		case linkDown && step < left:
			if _, err := e.cfg.Transport.Health(ctx); err == nil {
				e.cfg.Log.Info("link is back")
				return nil
			}
		}
	}
}
