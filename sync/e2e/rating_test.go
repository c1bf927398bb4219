package e2e

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"yichuang/hall"
)

// TestRatingReachesThePlatformOnce: the applicant's 好差评 of 受理 goes out
// with the next sync as an ordinary case event; the platform accepts the
// new kind, shows it on the case and in its events, and a second round
// sends nothing again.
func TestRatingReachesThePlatformOnce(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "C6")
	res := k.seed(3, 0, 0)
	ctx := hall.AsDesk(context.Background())
	list, err := k.d.DB.Cases().ListCases(ctx, hall.CaseFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	id := ""
	for _, c := range list {
		if c.No == res.First {
			id = c.ID
		}
	}
	if id == "" {
		t.Fatalf("no case %s among %d", res.First, len(list))
	}
	ev, err := hall.RatingEvent(hall.Rating{Stage: hall.StageAccept, Level: hall.RateVeryPoor, Reason: "材料清单与窗口要求不一致"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.d.DB.Cases().Act(ctx, id, ev); err != nil {
		t.Fatal(err)
	}
	s := k.syncer(p.url(), 5*time.Second)
	if failures := k.syncUntilDone(s, 60*time.Second); failures != 0 {
		t.Errorf("%d rounds failed", failures)
	}
	if failures := k.syncUntilDone(s, 30*time.Second); failures != 0 {
		t.Errorf("%d rounds failed the second time", failures)
	}
	checkSynced(t, k, p)
	v, err := k.client(p.url()).Case(ctx, res.First)
	if err != nil {
		t.Fatal(err)
	}
	var pc hall.Case
	if err := json.Unmarshal(v.Case, &pc); err != nil {
		t.Fatal(err)
	}
	rates := 0
	var last hall.Event
	for _, raw := range v.Events {
		var e hall.Event
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatal(err)
		}
		if e.Action == hall.ActRate {
			rates++
			last = e
		}
	}
	r, ok := pc.Rated(hall.StageAccept)
	if rates != 1 || !ok || r.Level != hall.RateVeryPoor || r.Reason != "材料清单与窗口要求不一致" || len(pc.Ratings) != 1 {
		t.Errorf("platform: %d rating events, case ratings %+v", rates, pc.Ratings)
	}
	if lr, ok := hall.RatingOf(last); !ok || lr.Level != hall.RateVeryPoor || last.From != last.To {
		t.Errorf("platform's rating event %+v", last)
	}
	st, err := p.st.Stats(ctx)
	if err != nil || st.OpsRejected != 0 {
		t.Errorf("platform rejected %d operations (%v)", st.OpsRejected, err)
	}
}
