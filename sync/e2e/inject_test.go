package e2e

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/sync/engine"
	"yichuang/sync/protocol"
)

// crashingStore fails the next ApplyPull before it writes anything, as a
// desk that dies before the pull's transaction commits.
type crashingStore struct {
	engine.Store
	crash atomic.Bool
}

func (s *crashingStore) ApplyPull(ctx context.Context, b hall.PullBatch) (hall.PullApplied, error) {
	if s.crash.Swap(false) {
		return hall.PullApplied{}, errors.New("desk stopped before the pull committed")
	}
	return s.Store.ApplyPull(ctx, b)
}

// TestCursorMovesOnlyAfterCommit: a pull whose changes are not written
// leaves every cursor where it was (PouchDB once checkpointed too early
// and skipped changes for good); the next pull brings the same changes.
func TestCursorMovesOnlyAfterCommit(t *testing.T) {
	ctx := hall.AsDesk(context.Background())
	p := startPlatform(t)
	k := newDesk(t, p, "91")
	res := k.seed(2, 0, 0)
	store := &crashingStore{Store: k.d.DB.Sync()}
	s := k.syncer(p.url(), 5*time.Second, func(c *engine.Config) { c.Store = store })
	k.syncUntilDone(s, 20*time.Second)
	before, _ := k.d.DB.Sync().Cursors(ctx)
	if _, err := p.st.Decide(ctx, res.First, hall.Event{Action: hall.ActStartReview, Actor: "后台审批"}); err != nil {
		t.Fatal(err)
	}
	store.crash.Store(true)
	if err := s.Engine.Round(ctx); err == nil {
		t.Fatal("the round did not fail")
	}
	if after, _ := k.d.DB.Sync().Cursors(ctx); after["decisions"] != before["decisions"] {
		t.Fatalf("cursor moved from %s to %s without the change written", before["decisions"], after["decisions"])
	}
	k.syncUntilDone(s, 20*time.Second)
	checkSynced(t, k, p)
	if after, _ := k.d.DB.Sync().Cursors(ctx); after["decisions"] == before["decisions"] {
		t.Error("the cursor did not move after the change was written")
	}
}

// refusing stands for a platform that cannot read one record at all and
// refuses any batch that carries it as a whole (400).
type refusing struct {
	engine.Transport
	poison string
	pushes atomic.Int32
}

func (r *refusing) Push(ctx context.Context, req protocol.PushRequest) (protocol.PushResponse, error) {
	r.pushes.Add(1)
	for _, op := range req.Ops {
		if op.ID == r.poison {
			return protocol.PushResponse{}, hall.Wrap(hall.EInvalid, &protocol.Fault{Kind: protocol.FaultRequest,
				Status: 400, Code: protocol.CodeBadRequest, Message: "请求内容不是有效的 JSON"}, "平台未接受请求")
		}
	}
	return r.Transport.Push(ctx, req)
}

// TestUnreadableRecordIsIsolated: a batch refused as a whole is split
// until the one record is found; it is parked with the platform's words,
// the rest of the queue goes through (CommCare's one bad form once blocked
// its whole queue).
func TestUnreadableRecordIsIsolated(t *testing.T) {
	ctx := hall.AsDesk(context.Background())
	p := startPlatform(t)
	k := newDesk(t, p, "92")
	k.seed(40, 0, 0)
	ops, err := k.d.DB.Sync().NextOps(ctx, 1000, 1<<30)
	if err != nil || len(ops) != 80 {
		t.Fatalf("outbox: %d ops, %v", len(ops), err)
	}
	poison := ops[42]
	var tr *refusing
	s := k.syncer(p.url(), 5*time.Second, func(c *engine.Config) {
		tr = &refusing{Transport: c.Transport, poison: poison.ID}
		c.Transport = tr
	})
	if err := s.Engine.Round(ctx); err != nil {
		t.Fatalf("round: %v", err)
	}
	c, _ := k.d.DB.Sync().SyncCounts(ctx)
	if c.Parked != 1 || c.Pending != 1 || c.Held != 1 {
		t.Fatalf("counts %+v: want the bad record parked and its case's next event held", c)
	}
	q, _ := k.d.DB.Sync().SyncQueue(ctx, 5)
	if len(q) == 0 || q[0].Key == "" || q[0].Reason != "请求内容不是有效的 JSON" || q[0].CaseNo != poison.CaseNo {
		t.Errorf("queue head %+v", q)
	}
	st, _ := p.st.Stats(ctx)
	if st.Cases != 39 || st.OpsApplied != 78 { // the bad record opens its case: that case waits
		t.Errorf("platform %+v: want 39 of 40 cases, 78 of 80 events", st)
	}
	t.Logf("found the bad record in %d pushes", tr.pushes.Load())
}
