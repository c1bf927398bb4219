package engine

import (
	"context"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// auditBatch is how many audit records go in one request.
const auditBatch = 500

// pushAudit sends the audit log the platform does not hold yet. A chain the
// platform finds broken is a warning for the admin, not a failure of the
// round: cases keep flowing.
func (e *Engine) pushAudit(ctx context.Context) error {
	for {
		entries, err := e.cfg.Store.NextAudit(ctx, auditBatch)
		if err != nil || len(entries) == 0 {
			return err
		}
		req := protocol.AuditPush{Prev: entries[0].Prev, Last: entries[len(entries)-1].Hash,
			Records: make([]protocol.AuditRecord, len(entries))}
		for i, a := range entries {
			req.Records[i] = protocol.AuditRecord{Seq: a.Seq, ID: a.ID, At: a.At.UTC().Format(time.RFC3339Nano),
				UserID: a.UserID, UserName: a.UserName, Role: string(a.Role), Action: string(a.Action),
				Object: a.Object, Outcome: a.Outcome, Detail: a.Detail}
		}
		res, err := e.cfg.Transport.PushAudit(ctx, req)
		if f := faultOf(err); f != nil && f.Kind == protocol.FaultGone {
			// A platform (or a province's adapter) that takes no audit
			// log: the log stays at the desk, complete and chained.
			e.cfg.Log.Info("the platform takes no audit log")
			return nil
		}
		if err != nil {
			return err
		}
		if res.Through > 0 {
			if err := e.cfg.Store.MarkAuditPushed(ctx, res.Through); err != nil {
				return err
			}
		}
		e.update(func(st *hall.SyncStatus) { st.AuditWarning = res.Broken })
		if res.Broken != "" {
			e.cfg.Log.Warn("the platform found the audit chain broken", logErr, res.Broken)
			return nil
		}
		if res.Through < entries[len(entries)-1].Seq {
			return nil // nothing taken: try again next round rather than loop
		}
	}
}
