package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// Round is one full attempt: push every pending operation and the audit
// log, pull every
// change (and push what the pull queued), upload every pending scan (pushing records made meanwhile before
// each next scan: a record is small and a clerk waits for it). It returns
// the first failure; what was done before it stays done.
func (e *Engine) Round(ctx context.Context) error {
	ctx = hall.AsDesk(ctx) // the engine acts as the desk, never as whoever is logged in
	start := e.cfg.Clock.Now()
	e.update(func(st *hall.SyncStatus) { st.Running, st.LastAttempt, st.Activity = true, start, "" })
	err := e.round(ctx)
	if epochChanged(err) { // the platform was restored: put back what it lost, then go again
		if err = e.platformRestored(ctx); err == nil {
			err = e.round(ctx)
		}
	}
	e.finish(ctx, start, err)
	return err
}

func (e *Engine) round(ctx context.Context) error {
	if err := e.recoverFirst(ctx); err != nil { // a restored or replaced desk (recover.go)
		return err
	}
	if err := e.pushAll(ctx); err != nil {
		return err
	}
	if err := e.pushAudit(ctx); err != nil {
		return err
	}
	if err := e.pullAll(ctx); err != nil {
		return err
	}
	if err := e.pullSupervision(ctx); err != nil {
		return err
	}
	// A pull may queue operations of its own (due dates recounted under a
	// new holiday table), or find the platform restored (its audit log too).
	if err := e.pushAll(ctx); err != nil {
		return err
	}
	if err := e.pushAudit(ctx); err != nil {
		return err
	}
	for {
		more, err := e.uploadNext(ctx)
		if err != nil || !more {
			return err
		}
		if err := e.pushAll(ctx); err != nil {
			return err
		}
	}
}

// finish records the outcome of a round and checks the desk's clock.
func (e *Engine) finish(ctx context.Context, start time.Time, err error) {
	off, measured := e.cfg.Transport.ClockOffset()
	warn := ""
	if measured && (off > e.cfg.SkewWarn || off < -e.cfg.SkewWarn) {
		warn = skewWarning(off)
	}
	e.update(func(st *hall.SyncStatus) {
		st.Running, st.Activity = false, ""
		st.Online = err == nil || !isLink(err)
		st.Busy = isBusy(err)
		if st.Busy {
			st.NextAttempt = time.Time{} // until Serve knows when
		}
		if err == nil {
			st.LastSuccess, st.LastError = start, ""
		} else if ctx.Err() == nil {
			st.LastError = hall.ErrorMessage(err)
		}
		if measured {
			st.ClockSkew, st.SkewWarning = off, warn
		}
	})
	if err != nil && ctx.Err() == nil {
		e.cfg.Log.Warn("sync round failed", logErr, err)
	}
	st := e.SyncStatus()
	if serr := e.cfg.Store.SaveSyncLog(context.WithoutCancel(ctx), st.SyncLog); serr != nil {
		e.cfg.Log.Error("save sync log", logErr, serr)
	}
}

// skewWarning tells the clerk, in minutes, how far the desk's clock is off.
func skewWarning(off time.Duration) string {
	dir := "慢"
	if off < 0 {
		dir, off = "快", -off
	}
	return fmt.Sprintf("本机时钟比省级平台%s约 %d 分钟，请校准系统时间：办件时间按本机时钟记录", dir, int(off.Round(time.Minute)/time.Minute))
}

// RunOnce is what `yichuang sync --once` does: rounds until one succeeds,
// at most 1+retries of them, with the backoff's pauses between.
func (e *Engine) RunOnce(ctx context.Context, retries int) error {
	ctx = hall.AsDesk(ctx)
	if err := e.cfg.Store.ClearSending(ctx); err != nil {
		return err
	}
	var err error
	for n := 0; ; n++ {
		if err = e.Round(ctx); err == nil || n >= retries || !transient(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-e.cfg.Clock.After(e.cfg.Backoff.After(err, n+1, e.cfg.Rand())):
		}
	}
}

func faultOf(err error) *protocol.Fault {
	var f *protocol.Fault
	if errors.As(err, &f) {
		return f
	}
	return nil
}

func isLink(err error) bool {
	f := faultOf(err)
	return f != nil && f.Kind == protocol.FaultLink
}

// isBusy reports whether the platform turned the round away as too busy.
func isBusy(err error) bool {
	f := faultOf(err)
	return f != nil && f.Busy()
}

// transient reports whether waiting may help: the link, the platform's
// own trouble, or the platform not settling a batch.
func transient(err error) bool {
	if f := faultOf(err); f != nil {
		return f.Transient()
	}
	return hall.ErrorCode(err) == hall.ETransient
}
