package e2e

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"yichuang/hall"
)

// TestOverdueReasonReachesThePlatform: cases accepted half a year ago are
// past their promised dates; the reason recorded for one goes out with the
// next sync as an ordinary case event, the platform accepts the new kind
// and GET /api/v1/cases/{no} shows it on the case and in its events.
func TestOverdueReasonReachesThePlatform(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "C5")
	now := k.d.DB.Now
	k.d.DB.Now = func() time.Time { return now().AddDate(0, -6, 0) }
	res := k.seed(4, 0, 0)
	k.d.DB.Now = now
	ctx := hall.AsDesk(context.Background())
	reason := "申请人两次改约现场核查时间"
	if err := k.d.DB.Cases().RecordOverdueReason(ctx, res.First, reason); err != nil {
		t.Fatal(err)
	}
	s := k.syncer(p.url(), 5*time.Second)
	if failures := k.syncUntilDone(s, 60*time.Second); failures != 0 {
		t.Errorf("%d rounds failed", failures)
	}
	checkSynced(t, k, p) // the desk's case and events equal the platform's
	v, err := k.client(p.url()).Case(ctx, res.First)
	if err != nil {
		t.Fatal(err)
	}
	var c hall.Case
	if err := json.Unmarshal(v.Case, &c); err != nil {
		t.Fatal(err)
	}
	var last hall.Event
	if err := json.Unmarshal(v.Events[len(v.Events)-1], &last); err != nil {
		t.Fatal(err)
	}
	if c.OverdueReason != reason || c.State != hall.StateAccepted || last.Action != hall.ActOverdueReason || last.Reason != reason {
		t.Errorf("platform case %s %q, last event %s %q", c.State, c.OverdueReason, last.Action, last.Reason)
	}
	st, err := p.st.Stats(ctx)
	if err != nil || st.OpsRejected != 0 {
		t.Errorf("platform rejected %d operations (%v)", st.OpsRejected, err)
	}
}
