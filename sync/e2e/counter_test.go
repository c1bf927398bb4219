package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
)

// counterCase submits a case of item code with 收件 only on desk k.
func counterCase(t *testing.T, k *testDesk, code string) (*hall.Case, *hall.Item) {
	t.Helper()
	ctx := hall.AsDesk(context.Background())
	it, err := k.d.DB.Catalog().Item(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	c := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department,
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "张喆", IDType: hall.IDResidentCard, IDNumber: "11010519491231002X"}}
	for _, m := range it.Materials {
		c.Materials = append(c.Materials, hall.CaseMaterial{Name: m.Name, Necessity: m.Necessity, Originals: max(m.Originals, 1), Copies: m.Copies})
	}
	dec := hall.Decision{Item: it, Hall: hall.HallInfo{Name: "清河县政务服务中心"}}
	got, _, err := k.d.DB.Drafts().Submit(ctx, hall.Submission{Case: c, Received: dec.Receipt})
	if err != nil {
		t.Fatal(err)
	}
	return got, it
}

func transition(t *testing.T, k *testDesk, id string, steps ...hall.Transition) *hall.Case {
	t.Helper()
	c, _, err := k.d.DB.Cases().Transition(hall.AsDesk(context.Background()), id, steps...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// platformEvents reads GET /api/v1/cases/{no}: the case and its actions.
func platformEvents(t *testing.T, k *testDesk, p *platform, no string) (hall.Case, []hall.Event) {
	t.Helper()
	v, err := k.client(p.url()).Case(hall.AsDesk(context.Background()), no)
	if err != nil {
		t.Fatal(err)
	}
	var c hall.Case
	if err := json.Unmarshal(v.Case, &c); err != nil {
		t.Fatal(err)
	}
	evs := make([]hall.Event, len(v.Events))
	for i, raw := range v.Events {
		if err := json.Unmarshal(raw, &evs[i]); err != nil {
			t.Fatal(err)
		}
	}
	return c, evs
}

func names(evs []hall.Event) string {
	var out []string
	for _, ev := range evs {
		out = append(out, ev.Action.Name())
	}
	return strings.Join(out, ",")
}

// TestCounterEventsReachThePlatform: every new kind of event — 收件 with
// its 收件凭证, a later 受理, 补正材料收讫, 办结 at the window, 延期, 撤回 and
// 出件 — is pushed exactly once, accepted by the platform's own state
// machine, and shown by GET /api/v1/cases/{no}; a case the back office
// decides on the platform is handed over at the desk and that 出件 reaches
// the platform too.
func TestCounterEventsReachThePlatform(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "C6")
	h := hall.HallInfo{Name: "清河县政务服务中心"}
	self := hall.Delivery{Method: hall.DeliverWindow, Collector: "张喆", CollectorID: "11010519491231002X", Relation: hall.CollectorSelf}

	// A 即办件: 收件, later 受理 and 办结 at the window, 出件 in person.
	instant, dogs := counterCase(t, k, "000104020000")
	transition(t, k, instant.ID, hall.Decision{Action: hall.ActAccept, Item: dogs, Hall: h}.Later(),
		hall.WindowDecision{Item: dogs, Hall: h, Approve: true, Licence: "QL-2026-000123"}.Step())
	transition(t, k, instant.ID, hall.Deliver(h, self))
	// A 承诺件: 补正, 收讫 and 受理, 延期, 撤回.
	promised, dibao := counterCase(t, k, "000107011000")
	form := map[string]any{}
	json.Unmarshal(promised.Form, &form)
	form["remark"] = "申请人口误，已更正"
	corrected, _ := json.Marshal(form)
	transition(t, k, promised.ID, hall.CorrectForm(promised.Form, corrected, nil, "更正申请表"))
	transition(t, k, promised.ID, hall.Decision{Action: hall.ActRequestCorrection, Item: dibao, Hall: h, Reason: "户口簿复印件不清晰",
		Notes: []string{"户口簿复印件不清晰"}}.Later())
	transition(t, k, promised.ID, hall.Supply(nil, "已重新提供清晰的户口簿复印件"), hall.Decision{Action: hall.ActAccept, Item: dibao, Hall: h}.Later())
	ext := transition(t, k, promised.ID, hall.ExtensionRequest{Hall: h, Approver: "李局长", Reason: "需入户核查", Days: 10}.Step())
	transition(t, k, promised.ID, hall.Withdraw(h, "申请人书面申请撤回"))
	// A case the back office decides on the platform.
	back, _ := counterCase(t, k, "000107011000")
	transition(t, k, back.ID, hall.Decision{Action: hall.ActAccept, Item: dibao, Hall: h}.Later())

	s := k.syncer(p.url(), 5*time.Second)
	if failures := k.syncUntilDone(s, 60*time.Second); failures != 0 {
		t.Errorf("%d rounds failed", failures)
	}
	ctx := hall.AsDesk(context.Background())
	if _, err := p.st.Decide(ctx, back.No, hall.Event{Action: hall.ActDecide, Result: hall.ResultApproved, Actor: "后台审批"}); err != nil {
		t.Fatal(err)
	}
	if failures := k.syncUntilDone(s, 60*time.Second); failures != 0 {
		t.Errorf("%d rounds failed", failures)
	}
	post := hall.Delivery{Method: hall.DeliverPost, Company: "中国邮政EMS", Tracking: "1190012345678"}
	if c := transition(t, k, back.ID, hall.Deliver(h, post)); c.State != hall.StateDelivered {
		t.Fatalf("the platform's decision, delivered: %s", c.State)
	}
	if failures := k.syncUntilDone(s, 60*time.Second); failures != 0 {
		t.Errorf("%d rounds failed", failures)
	}
	st := checkSynced(t, k, p) // each case and event on the platform once, equal to the desk's
	if st.OpsRejected != 0 {
		t.Errorf("the platform rejected %d operations", st.OpsRejected)
	}

	c, evs := platformEvents(t, k, p, instant.No)
	if got := names(evs); got != "收件,受理,办结,出件" || c.State != hall.StateDelivered || c.Licence != "QL-2026-000123" {
		t.Errorf("即办件 on the platform: %s, %s %q", got, c.State, c.Licence)
	}
	if n, ok := hall.NoticeOf(evs[0]); !ok || n.Kind != hall.DocReceiving {
		t.Errorf("the 收件 event lost its 收件凭证: %+v", n)
	}
	if n, _ := hall.NoticeOf(evs[3]); n.Delivery == nil || n.Delivery.Method != hall.DeliverWindow || n.Delivery.Collector != "张喆" {
		t.Errorf("出件 on the platform: %+v", n.Delivery)
	}
	c, evs = platformEvents(t, k, p, promised.No)
	if got := names(evs); got != "收件,更正申请表,补齐补正告知,补正材料收讫,受理,延期,撤回" || c.State != hall.StateWithdrawn ||
		!strings.Contains(string(c.Form), "申请人口误，已更正") ||
		c.ExtendedDays != 10 || c.LegalDue != ext.LegalDue || c.PromiseDue != ext.PromiseDue {
		t.Errorf("承诺件 on the platform: %s, %s, extended %d, due %s/%s", got, c.State, c.ExtendedDays, c.PromiseDue, c.LegalDue)
	}
	if n, _ := hall.NoticeOf(evs[5]); n.Extension == nil || n.Extension.Approver != "李局长" || n.Extension.Days != 10 {
		t.Errorf("延期 on the platform: %+v", n.Extension)
	}
	c, evs = platformEvents(t, k, p, back.No)
	if got := names(evs); got != "收件,受理,办结,出件" || c.State != hall.StateDelivered {
		t.Errorf("the back office's case: %s, %s", got, c.State)
	}
	if n, _ := hall.NoticeOf(evs[3]); n.Delivery == nil || n.Delivery.Tracking != "1190012345678" {
		t.Errorf("posted 出件 on the platform: %+v", n.Delivery)
	}
}
