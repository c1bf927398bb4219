package engine

import (
	"context"
	"encoding/json"
	"fmt"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// pullLimit is how many changes one pull asks for.
const pullLimit = 500

// pullAll pulls until the platform has nothing more. Each page is applied
// and its cursors written in the desk's transaction before the next is
// asked for: a crash repeats at most one page, which applies idempotently.
func (e *Engine) pullAll(ctx context.Context) error {
	for page := 0; ; page++ {
		cursors, err := e.cfg.Store.Cursors(ctx)
		if err != nil {
			return err
		}
		req := protocol.PullRequest{Cursors: map[string]string{}, Limit: pullLimit}
		for _, s := range protocol.Streams() {
			req.Cursors[s] = cursors[s]
		}
		if page == 0 {
			e.activity("正在接收平台的更新")
		}
		resp, err := e.cfg.Transport.Pull(ctx, req)
		if err != nil {
			return err
		}
		if restored, err := e.noteEpoch(ctx, resp.Epoch); err != nil || restored {
			if err == nil {
				page = -1 // cursors went back: ask again
				continue
			}
			return err
		}
		b := toBatch(resp)
		res, err := e.cfg.Store.ApplyPull(ctx, b)
		if err != nil {
			return err
		}
		if len(resp.Changes) > 0 {
			e.cfg.Log.Info("pulled", "changes", len(resp.Changes), "items", res.Items, "decisions", res.Decisions,
				"conflicts", res.Conflicts)
		}
		if !resp.More {
			return nil
		}
	}
}

// toBatch reads a page of changes into domain values. A change that cannot
// be read is kept as a problem to show, never dropped.
func toBatch(resp protocol.PullResponse) hall.PullBatch {
	b := hall.PullBatch{Cursors: map[string]string{}}
	for _, s := range protocol.Streams() {
		if c, ok := resp.Cursors[s]; ok {
			b.Cursors[s] = c
		}
	}
	bad := func(c protocol.Change, err error) {
		b.Bad = append(b.Bad, hall.PullProblem{Stream: c.Stream, Key: c.Key, Doc: c.Doc,
			Reason: fmt.Sprintf("平台下发的内容无法读取：%v", err)})
	}
	for _, c := range resp.Changes {
		switch c.Stream {
		case protocol.StreamCatalog:
			if it, ok := decode[hall.Item](c, bad); ok {
				b.Items = append(b.Items, it)
			}
		case protocol.StreamCalendar:
			if d, ok := decode[protocol.CalendarDoc](c, bad); ok {
				b.Calendars = append(b.Calendars, hall.CalendarYear{Year: d.Year, Table: d.Table})
			}
		case protocol.StreamUsers:
			if u, ok := decode[hall.PlatformUser](c, bad); ok {
				b.Users = append(b.Users, u)
			}
		case protocol.StreamUrges:
			if u, ok := decode[protocol.Urge](c, bad); ok {
				b.Urges = append(b.Urges, u.Domain())
			}
		case protocol.StreamDecisions:
			var d protocol.DecisionDoc
			var ev hall.Event
			err := json.Unmarshal(c.Doc, &d)
			if err == nil {
				err = json.Unmarshal(d.Event, &ev)
			}
			if err != nil {
				bad(c, err)
				continue
			}
			if ev.CaseID == "" {
				ev.CaseID = d.CaseID
			}
			b.Decisions = append(b.Decisions, ev)
		}
	}
	return b
}

// decode reads a change's document as a T; one it cannot read is set aside
// with the reason (bad), and ok is false.
func decode[T any](c protocol.Change, bad func(protocol.Change, error)) (v T, ok bool) {
	if err := json.Unmarshal(c.Doc, &v); err != nil {
		bad(c, err)
		return v, false
	}
	return v, true
}
