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
// The next page is asked for while the desk writes the one before (its
// cursor is in the answer), so a slow link and the desk's writing overlap;
// a page is only ever written after the one before it, with its cursor.
func PullSupervision(ctx context.Context, st Store, tr Transport, user string) error {
	return PullSupervisionPaged(ctx, st, tr, user, feedPage)
}

// PullSupervisionPaged is PullSupervision in pages of limit cases.
func PullSupervisionPaged(ctx context.Context, st Store, tr Transport, user string, limit int) error {
	cur, err := st.SupervisionCursor(ctx, user)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type answer struct {
		page protocol.SupervisionPage
		err  error
	}
	ask := func(cursor string) <-chan answer {
		ch := make(chan answer, 1)
		go func() {
			p, err := tr.Supervision(ctx, protocol.SupervisionRequest{User: user, Cursor: cursor, Limit: limit})
			ch <- answer{p, err}
		}()
		return ch
	}
	next := ask(cur)
	for {
		a := <-next
		if a.err != nil {
			return a.err
		}
		if a.page.More {
			next = ask(a.page.Cursor)
		}
		if err := st.ApplySupervision(ctx, user, a.page.Domain()); err != nil {
			return err // cancel drops the page asked for meanwhile
		}
		if !a.page.More {
			return nil
		}
	}
}
