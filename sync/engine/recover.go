package engine

import (
	"context"
	"encoding/json"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// Disaster recovery (docs/adr/0016). A desk restored from a backup or
// registered as a known desk on a new PC recovers before anything else in
// its next round: it tells the platform its generation (and numbers with
// the platform's answer when that is higher), then brings back every case
// of its own the platform has and it lacks. A desk that finds the platform
// restored puts back in its queue what the platform lost.

// recoverFirst runs at the start of every round; it costs nothing unless
// the desk is recovering.
func (e *Engine) recoverFirst(ctx context.Context) error {
	st, err := e.cfg.Store.RecoveryState(ctx)
	if err != nil {
		return err
	}
	if st.Epoch != "" {
		e.cfg.Transport.SetEpoch(st.Epoch)
	}
	if !st.Pending {
		return nil
	}
	e.activity("正在从平台取回本窗口的办件")
	res, err := e.cfg.Transport.Recover(ctx, protocol.RecoverRequest{Generation: st.Generation, Claim: st.Claim})
	if err != nil {
		return err
	}
	if err := e.cfg.Store.SetGeneration(ctx, res.Generation, st.Claim, res.Epoch); err != nil {
		return err
	}
	if res.Generation != st.Generation {
		e.cfg.Log.Warn("another restore of this desk used its generation: numbering with the platform's",
			"was", st.Generation, "now", res.Generation)
	}
	if st.Epoch != "" && res.Epoch != st.Epoch {
		if err := e.platformLost(ctx, res); err != nil {
			return err
		}
	}
	e.cfg.Transport.SetEpoch(res.Epoch)
	n, err := e.pullOwnCases(ctx)
	if err != nil {
		return err
	}
	e.cfg.Log.Info("recovered the desk's cases from the platform", "cases", n, "generation", res.Generation)
	return e.cfg.Store.RecoveryDone(ctx)
}

// pullOwnCases pages through the platform's list of this desk's cases and
// fetches those the desk lacks; each fetch is written in one transaction,
// so a cut link repeats only the last one.
func (e *Engine) pullOwnCases(ctx context.Context) (int, error) {
	total := 0
	req := protocol.OwnCasesRequest{Limit: protocol.DefaultOwnCaseList}
	for {
		page, err := e.cfg.Transport.OwnCases(ctx, req)
		if err != nil {
			return total, err
		}
		refs := make([]hall.OwnCaseRef, len(page.Cases))
		for i, c := range page.Cases {
			refs[i] = hall.OwnCaseRef{ID: c.ID, No: c.No, Events: c.Events}
		}
		need, err := e.cfg.Store.MissingOwnCases(ctx, refs)
		if err != nil {
			return total, err
		}
		for len(need) > 0 {
			ids := need[:min(len(need), protocol.MaxOwnCasesFetch)]
			need = need[len(ids):]
			got, err := e.cfg.Transport.FetchOwnCases(ctx, ids)
			if err != nil {
				return total, err
			}
			cases, err := recoveredCases(got)
			if err != nil {
				return total, err
			}
			n, err := e.cfg.Store.ApplyOwnCases(ctx, cases)
			if err != nil {
				return total, err
			}
			total += n
		}
		if !page.More {
			return total, nil
		}
		req.After = page.Next
	}
}

func recoveredCases(got protocol.OwnCasesFetched) ([]hall.RecoveredCase, error) {
	out := make([]hall.RecoveredCase, len(got.Cases))
	for i, oc := range got.Cases {
		rc := &out[i]
		if err := json.Unmarshal(oc.Case, &rc.Case); err != nil {
			return nil, hall.Wrap(hall.EInvalid, err, "平台返回的本窗口办件无法读取")
		}
		rc.Events, rc.Origins = make([]hall.Event, len(oc.Events)), oc.Origins
		for j, ev := range oc.Events {
			if err := json.Unmarshal(ev, &rc.Events[j]); err != nil {
				return nil, hall.Wrap(hall.EInvalid, err, "平台返回的办件 %s 的事件无法读取", rc.Case.No)
			}
		}
	}
	return out, nil
}

// platformRestored runs when the platform refused a request because it
// was restored since the desk's last contact.
func (e *Engine) platformRestored(ctx context.Context) error {
	st, err := e.cfg.Store.RecoveryState(ctx)
	if err != nil {
		return err
	}
	res, err := e.cfg.Transport.Recover(ctx, protocol.RecoverRequest{Generation: st.Generation, Claim: st.Claim})
	if err != nil {
		return err
	}
	if err := e.cfg.Store.SetGeneration(ctx, res.Generation, st.Claim, ""); err != nil {
		return err
	}
	return e.platformLost(ctx, res)
}

// platformLost puts back in the queue what a restored platform lost.
func (e *Engine) platformLost(ctx context.Context, res protocol.RecoverResponse) error {
	ops, files, err := e.cfg.Store.PlatformRestored(ctx, hall.PlatformLoss{Epoch: res.Epoch, BackupAt: res.BackupAt,
		ChangesThrough: res.ChangesThrough, AuditThrough: res.AuditThrough})
	if err != nil {
		return err
	}
	e.cfg.Transport.SetEpoch(res.Epoch)
	e.cfg.Log.Warn("the platform was restored from a backup: resending what it lost", logOps, ops, "files", files,
		"backup", res.BackupAt)
	return nil
}

// epochChanged reports whether the platform refused a request because it
// was restored since the desk's last contact.
func epochChanged(err error) bool {
	f := faultOf(err)
	return f != nil && f.Code == protocol.CodeEpoch
}

// noteEpoch records the platform's epoch from a pull answer: the first
// seen is kept; a different one (a request that went without the header)
// means the platform was restored.
func (e *Engine) noteEpoch(ctx context.Context, epoch string) (restored bool, err error) {
	if epoch == "" {
		return false, nil
	}
	st, err := e.cfg.Store.RecoveryState(ctx)
	if err != nil || st.Epoch == epoch {
		return false, err
	}
	if st.Epoch == "" {
		e.cfg.Transport.SetEpoch(epoch)
		return false, e.cfg.Store.SetPlatformEpoch(ctx, epoch)
	}
	return true, e.platformRestored(ctx)
}
