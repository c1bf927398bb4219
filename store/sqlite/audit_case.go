package sqlite

import (
	"context"

	"yichuang/hall"
)

// auditCaseEvent checks, inside a case action's transaction, that the
// logged-in user may handle cases, and records the action in the audit
// log: the case, its event, its outbox entry and its audit record commit
// together.
func auditCaseEvent(ctx context.Context, tx *Tx, c *hall.Case, ev hall.Event) error {
	perm, what := ev.Action.Permission()
	if err := tx.db.allow(ctx, perm, what); err != nil {
		return err
	}
	return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditCase, Object: c.No, Outcome: hall.AuditOK,
		Detail: ev.Action.Name() + "：" + string(ev.From) + " → " + string(ev.To)})
}

// setClerk names the calling user as the case's clerk when the caller
// did not: supervisors count cases by clerk.
func setClerk(ctx context.Context, c *hall.Case) {
	if u, _ := actor(ctx); u != nil && c.Clerk == "" {
		c.Clerk = u.DisplayName
	}
}

// setActor names the calling user as the event's actor when the caller
// did not.
func setActor(ctx context.Context, ev *hall.Event) {
	if u, _ := actor(ctx); u != nil && ev.Actor == "" {
		ev.Actor = u.DisplayName
	}
}
