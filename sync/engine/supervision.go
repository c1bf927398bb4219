package engine

import (
	"context"

	"yichuang/sync/protocol"
)

// pullSupervision pulls the supervision feed for the supervisor logged in
// at the desk, page by page, each page written with its cursor in one
// transaction. With no supervisor logged in it asks nothing.
func (e *Engine) pullSupervision(ctx context.Context) error {
	if e.cfg.Supervisor == nil {
		return nil
	}
	user := e.cfg.Supervisor()
	if user == "" {
		return nil
	}
	err := PullSupervision(ctx, e.cfg.Store, e.cfg.Transport, user)
	if f := faultOf(err); f != nil && f.Code == protocol.CodeForbidden {
		// The platform granted this account no scope: the rest of the
		// round (the desk's own work) goes on.
		e.cfg.Log.Warn("supervision feed refused", "user", user, "reason", f.Message)
		return nil
	}
	return err
}

// feedPage is the size of a page of the supervision feed the desk asks for.
const feedPage = 5000

// PullSupervision pulls the feed for user until the platform has no more.
func PullSupervision(ctx context.Context, st Store, tr Transport, user string) error {
	for {
		cur, err := st.SupervisionCursor(ctx, user)
		if err != nil {
			return err
		}
		page, err := tr.Supervision(ctx, protocol.SupervisionRequest{User: user, Cursor: cur, Limit: feedPage})
		if err != nil {
			return err
		}
		if err := st.ApplySupervision(ctx, user, page.Domain()); err != nil {
			return err
		}
		if !page.More {
			return nil
		}
	}
}
