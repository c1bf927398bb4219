package e2e

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"yichuang/assets"
	"yichuang/hall"
)

// TestPullBringsPlatformChanges: catalog, calendar, users and back-office
// decisions published on the platform reach the desk; the cursors move
// only with what was written, and a second pull brings nothing twice.
func TestPullBringsPlatformChanges(t *testing.T) {
	ctx := context.Background()
	p := startPlatform(t)
	k := newDesk(t, p, "21")
	res := k.seed(4, 0, 0)
	link := weakLink(t, p, 256<<10, 10*time.Millisecond)
	s := k.syncer(link.URL(), 5*time.Second)
	k.syncUntilDone(s, 30*time.Second)

	var items []hall.Item
	if err := json.Unmarshal(assets.DemoCatalog, &items); err != nil {
		t.Fatal(err)
	}
	changed := items[0]
	changed.ConsultPhone = "0550-7099999"
	changed.Keywords = []string{"平台下发的关键词", "报户口"}
	added := items[1]
	added.Code, added.TaskCode, added.Name = "000104009999", "11341122003132658Q1000104009999", "平台新增的测试事项"
	if err := p.st.PublishItems(ctx, []hall.Item{changed, added}); err != nil {
		t.Fatal(err)
	}
	table := []byte(`{"off": ["2027-01-01", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"], "makeup_workdays": ["2027-02-20"]}`)
	if err := p.st.PublishCalendar(ctx, 2027, table); err != nil {
		t.Fatal(err)
	}
	if err := p.st.PublishUser(ctx, hall.PlatformUser{ID: "u-zhao", Name: "赵玥", Hall: "341122", Role: "supervisor", Active: true}); err != nil {
		t.Fatal(err)
	}
	if err := p.st.PublishUser(ctx, hall.PlatformUser{ID: "u-other", Name: "别的大厅", Hall: "341100", Role: "clerk", Active: true}); err != nil {
		t.Fatal(err)
	}
	decide := func(no string, ev hall.Event) {
		t.Helper()
		if _, err := p.st.Decide(ctx, no, ev); err != nil {
			t.Fatalf("decide %s %s: %v", no, ev.Action, err)
		}
	}
	first := res.First
	decide(first, hall.Event{Action: hall.ActStartReview, Actor: "后台审批"})
	decide(first, hall.Event{Action: hall.ActDecide, Actor: "后台审批", Result: hall.ResultApproved})
	decide(res.Last, hall.Event{Action: hall.ActStartReview, Actor: "后台审批"})

	k.syncUntilDone(s, 30*time.Second)
	checkSynced(t, k, p)
	it, err := k.d.DB.Catalog().Item(ctx, changed.Code)
	if err != nil || it.ConsultPhone != "0550-7099999" {
		t.Errorf("changed item at the desk: %+v, %v", it, err)
	}
	// Keywords travel with the entry and are searched at the desk.
	if r, err := k.d.DB.Catalog().Search(ctx, hall.SearchQuery{Text: "平台下发的关键词"}); err != nil ||
		r.Total != 1 || r.Hits[0].Code != changed.Code || r.Hits[0].Match != hall.MatchKeyword {
		t.Errorf("the platform's keyword at the desk: %+v, %v", r, err)
	}
	if it, err := k.d.DB.Catalog().Item(ctx, added.Code); err != nil || it.Name != added.Name {
		t.Errorf("new item at the desk: %v", err)
	}
	if cal, err := k.d.DB.Calendar(ctx); err != nil || !cal.Covers(2027) {
		t.Errorf("the 2027 calendar did not arrive: %v", err)
	}
	users, err := k.d.DB.Sync().PlatformUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, u := range users {
		seen[u.ID] = true
	}
	if !seen["u-zhao"] || seen["u-other"] {
		t.Errorf("platform users at the desk: %+v (want this hall's only)", users)
	}
	doc, evs, err := k.d.DB.Sync().LocalCase(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	var c hall.Case
	json.Unmarshal(doc, &c)
	if c.State != hall.StateDecided || c.Result != hall.ResultApproved || len(evs) != 4 {
		t.Errorf("decided case at the desk: state %s result %s, %d events", c.State, c.Result, len(evs))
	}

	// A second pull, even from the start of every stream, changes nothing:
	// decisions are recognised by their ids, items by their content.
	cur, _ := k.d.DB.Sync().Cursors(ctx)
	applied, err := k.d.DB.Sync().ApplyPull(ctx, hall.PullBatch{Cursors: map[string]string{"decisions": "0", "catalog": "0"}})
	if err != nil || applied.Decisions != 0 {
		t.Fatalf("reset cursors: %+v %v", applied, err)
	}
	k.syncUntilDone(s, 30*time.Second)
	checkSynced(t, k, p)
	after, _ := k.d.DB.Sync().Cursors(ctx)
	if after["decisions"] != cur["decisions"] || after["catalog"] != cur["catalog"] {
		t.Errorf("cursors after a full re-pull: %v, before %v", after, cur)
	}
}

// TestDecisionThatCannotMergeIsShown: the platform starts its review while
// the desk, not knowing, decides the case at the window. Neither side's
// event is dropped: the desk's is parked with the platform's reason, the
// platform's is kept as a conflict, and both are listed for the clerk.
func TestDecisionThatCannotMergeIsShown(t *testing.T) {
	ctx := context.Background()
	p := startPlatform(t)
	k := newDesk(t, p, "22")
	res := k.seed(2, 0, 0)
	s := k.syncer(p.url(), 5*time.Second)
	k.syncUntilDone(s, 30*time.Second)
	if _, err := p.st.Decide(ctx, res.First, hall.Event{Action: hall.ActStartReview, Actor: "后台审批"}); err != nil {
		t.Fatal(err)
	}
	id := caseID(t, k, res.First)
	if _, err := k.d.DB.Cases().Act(ctx, id, hall.Event{Action: hall.ActDecide, Result: hall.ResultIssued, Actor: "王堃"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Engine.Round(ctx); err != nil {
		t.Fatal(err)
	}
	c, _ := k.d.DB.Sync().SyncCounts(ctx)
	if c.Parked != 1 || c.Conflicts != 1 {
		t.Fatalf("counts after the clash: %+v", c)
	}
	q, err := k.d.DB.Sync().SyncQueue(ctx, 10)
	if err != nil || len(q) < 2 {
		t.Fatalf("queue: %+v %v", q, err)
	}
	kinds := map[hall.QueueKind]string{}
	for _, e := range q {
		if e.State == hall.SyncRejected {
			kinds[e.Kind] = e.Reason
		}
	}
	if kinds[hall.QueueOp] == "" || kinds[hall.QueueConflict] == "" {
		t.Errorf("the clash is not listed with reasons: %+v", q)
	}
	t.Logf("parked: %s; conflict: %s", kinds[hall.QueueOp], kinds[hall.QueueConflict])
}

func caseID(t *testing.T, k *testDesk, no string) string {
	t.Helper()
	doc, _, err := k.d.DB.Sync().LocalCase(context.Background(), no)
	if err != nil {
		t.Fatal(err)
	}
	var c hall.Case
	json.Unmarshal(doc, &c)
	return c.ID
}
