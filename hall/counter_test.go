package hall

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

var counterAt = time.Date(2026, 12, 2, 2, 0, 0, 0, time.UTC)

func counterCase(s State) *Case {
	return &Case{ID: "c1", No: "341122-20261202-01-0001", State: s, ItemName: "食品经营许可",
		Applicant: Applicant{Kind: NaturalPerson, Name: "张三", IDNumber: "11010519491231002X"},
		Materials: []CaseMaterial{{Name: "营业执照", Originals: 1}, {Name: "健康证明"}}}
}

func run(t *testing.T, c *Case, tr Transition) (Event, error) {
	t.Helper()
	ev, err := tr(c, counterAt)
	if err != nil {
		return ev, err
	}
	return Apply(c, ev)
}

func TestCounterTransitions(t *testing.T) {
	for _, tt := range []struct {
		from   State
		action Action
		to     State
		ok     bool
	}{
		{StateReceived, ActWithdraw, StateWithdrawn, true},
		{StateCorrection, ActWithdraw, StateWithdrawn, true},
		{StateAccepted, ActWithdraw, StateWithdrawn, true},
		{StateReview, ActWithdraw, StateWithdrawn, true},
		{StateSpecial, ActWithdraw, StateWithdrawn, true},
		{StateDecided, ActWithdraw, StateDecided, false}, // decided: too late to withdraw
		{StateWithdrawn, ActDeliver, StateWithdrawn, false},
		{StateAccepted, ActExtend, StateAccepted, true},
		{StateReview, ActExtend, StateReview, true},
		{StateSpecial, ActExtend, StateSpecial, true},
		{StateReceived, ActExtend, StateReceived, false}, // nothing to extend before acceptance
		{StateDecided, ActExtend, StateDecided, false},
	} {
		got, err := Next(tt.from, tt.action)
		if (err == nil) != tt.ok || got != tt.to {
			t.Errorf("Next(%s, %s) = %s, %v; want %s ok=%v", tt.from, tt.action, got, err, tt.to, tt.ok)
		}
	}
	if StateWithdrawn.Open() || len(Allowed(StateWithdrawn)) != 0 {
		t.Error("撤回 is final")
	}
	if a := Allowed(StateAccepted); !strings.Contains(strings.Join(actionNames(a), ","), "延期") {
		t.Errorf("Allowed(受理) = %v, want 延期 among them", a)
	}
}

func actionNames(as []Action) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name())
	}
	return out
}

func TestLaterDecisionIsDatedWhenTaken(t *testing.T) {
	c := counterCase(StateReceived)
	c.ReceivedAt = counterAt.Add(-3 * time.Hour)
	it := &Item{PromiseLimit: Limit{Days: 5, Unit: WorkingDays},
		Materials: []Material{{Name: "营业执照", Necessity: Required, Originals: 1}}}
	ev, err := run(t, c, Decision{Action: ActAccept, Item: it, Hall: HallInfo{Name: "清河县政务服务中心"}}.Later())
	if err != nil {
		t.Fatal(err)
	}
	n, ok := NoticeOf(ev)
	if !ok || n.Kind != DocReceipt || !n.IssuedAt.Equal(counterAt) || !c.AcceptedAt.Equal(counterAt) || c.State != StateAccepted {
		t.Errorf("later 受理: notice %+v, case %s accepted %s", n, c.State, c.AcceptedAt)
	}
	if _, err := run(t, c, Decision{Action: ActRefuse, Reason: "x"}.Later()); ErrorCode(err) != EConflict {
		t.Errorf("a second decision: %v", err)
	}
}

func TestSupplyRecordsWhatCameBack(t *testing.T) {
	c := counterCase(StateCorrection)
	if _, err := run(t, c, Supply(nil, " ")); ErrorCode(err) != EInvalid {
		t.Errorf("nothing received: %v", err)
	}
	ev, err := run(t, c, Supply([]CaseMaterial{{Name: "健康证明", Originals: 1}, {Name: "未收的", Copies: 0}}, "另交近照一张"))
	if err != nil {
		t.Fatal(err)
	}
	if c.State != StateReceived || ev.Reason != "另交近照一张" || len(factsOf(ev).Supplied) != 1 {
		t.Errorf("supply: %s %q %+v", c.State, ev.Reason, factsOf(ev).Supplied)
	}
	if !c.Materials[1].Received() || len(c.Materials) != 2 {
		t.Errorf("materials after supply: %+v", c.Materials)
	}
}

func TestWindowDecision(t *testing.T) {
	licensed := &Item{Type: TypeLicensing, ResultType: "证照", PromiseLimit: Limit{}}
	c := counterCase(StateAccepted)
	if _, err := run(t, c, WindowDecision{Item: licensed, Approve: true}.Step()); ErrorCode(err) != EInvalid ||
		!strings.Contains(ErrorMessage(err), "证照编号") {
		t.Errorf("approve without licence: %v", err)
	}
	if _, err := run(t, c, WindowDecision{Item: licensed}.Step()); !strings.Contains(ErrorMessage(err), "不予许可的理由") {
		t.Errorf("deny without reason: %v", err)
	}
	ev, err := run(t, c, WindowDecision{Item: licensed, Approve: true, Licence: "JY13411220000123"}.Step())
	if err != nil {
		t.Fatal(err)
	}
	n, _ := NoticeOf(ev)
	if c.State != StateDecided || c.Result != ResultApproved || c.Licence != "JY13411220000123" || n.Kind != DocDecision ||
		!c.FinishedAt.Equal(counterAt) {
		t.Errorf("decided: %s %s %q %s", c.State, c.Result, c.Licence, n.Kind)
	}
	other := counterCase(StateAccepted)
	if _, err := run(t, other, WindowDecision{Item: &Item{Type: TypePublicService}, Approve: true}.Step()); err != nil ||
		other.Result != ResultIssued {
		t.Errorf("a public service approved: %s %v", other.Result, err)
	}
	// A 承诺件 is the back office's to decide on the platform, unless the
	// hall says its window decides; an item gone from the catalog is not
	// known to be a 即办件.
	promised := &Item{Type: TypeLicensing, PromiseLimit: Limit{Days: 15, Unit: WorkingDays}}
	for _, it := range []*Item{promised, nil} {
		p := counterCase(StateAccepted)
		if _, err := run(t, p, WindowDecision{Item: it, Approve: true}.Step()); ErrorCode(err) != EConflict ||
			!strings.Contains(ErrorMessage(err), "由后台在平台上审批办结") || p.State != StateAccepted {
			t.Errorf("a 承诺件 (%v) decided at the window: %v", it, err)
		}
		if _, err := run(t, p, WindowDecision{Item: it, Approve: true, HallDecides: true}.Step()); err != nil || p.State != StateDecided {
			t.Errorf("a 承诺件 where the window decides: %s %v", p.State, err)
		}
	}
	denied := counterCase(StateAccepted)
	if _, err := run(t, denied, WindowDecision{Item: licensed, Reason: "经营场所不符合要求"}.Step()); err != nil ||
		denied.Result != ResultDenied || denied.Reason != "经营场所不符合要求" {
		t.Errorf("denied: %s %q %v", denied.Result, denied.Reason, err)
	}
}

func TestExtension(t *testing.T) {
	if DefaultExtension(nil) != 10 || DefaultExtension(&Item{ExtensionDays: 15}) != 15 {
		t.Error("default extension: the item's, else Art. 42's 10 days")
	}
	c := counterCase(StateReview)
	c.LegalDue = "2026-12-30"
	for _, bad := range []ExtensionRequest{{Reason: "需现场核查", Days: 10}, {Approver: "李局长", Days: 10},
		{Approver: "李局长", Reason: "x", Days: 0}, {Approver: "李局长", Reason: "x", Days: 61}} {
		if _, err := run(t, c, bad.Step()); ErrorCode(err) != EInvalid {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	ev, err := run(t, c, ExtensionRequest{Approver: "李局长", Reason: "需现场核查", Days: 10}.Step())
	if err != nil {
		t.Fatal(err)
	}
	n, _ := NoticeOf(ev)
	if c.State != StateReview || c.ExtendedDays != 10 || n.Kind != DocExtension || n.Extension.LegalBefore != "2026-12-30" {
		t.Errorf("extended: %s %d %+v", c.State, c.ExtendedDays, n.Extension)
	}
	if ExtendedDays([]Event{ev}) != 10 {
		t.Error("ExtendedDays does not read the event")
	}
	if _, err := run(t, c, ExtensionRequest{Approver: "李局长", Reason: "再延", Days: 5}.Step()); ErrorCode(err) != EConflict {
		t.Errorf("a second extension: %v", err)
	}
}

func TestWithdraw(t *testing.T) {
	c := counterCase(StateAccepted)
	if _, err := run(t, c, Withdraw(HallInfo{}, "")); ErrorCode(err) != EInvalid {
		t.Errorf("no reason: %v", err)
	}
	ev, err := run(t, c, Withdraw(HallInfo{}, "申请人书面申请撤回"))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := NoticeOf(ev); c.State != StateWithdrawn || !c.FinishedAt.Equal(counterAt) || n.Kind != DocWithdrawal {
		t.Errorf("withdrawn: %s %s %s", c.State, c.FinishedAt, n.Kind)
	}
	c.PromiseDue = "2026-11-01" // long past: a withdrawn case is still not overdue
	if Overdue(c, "2026-12-02") {
		t.Error("a withdrawn case counts as overdue")
	}
}

func TestDeliverChecksTheCollector(t *testing.T) {
	self := Delivery{Method: DeliverWindow, Collector: "张三", CollectorID: "11010519491231002x", Relation: CollectorSelf}
	for _, tt := range []struct {
		name string
		kind ApplicantKind
		d    Delivery
		want string
	}{
		{"someone else as 本人", NaturalPerson, Delivery{Method: DeliverWindow, Collector: "李四", CollectorID: "440524188001010014", Relation: CollectorSelf}, "不一致"},
		{"agent without the authorisation's number", NaturalPerson, Delivery{Method: DeliverWindow, Collector: "李四", CollectorID: "440524188001010014", Relation: CollectorAgent}, "授权委托书"},
		{"agent not the one authorised", NaturalPerson, Delivery{Method: DeliverWindow, Collector: "李四", CollectorID: "440524188001010014", AgentID: "11010519491231002X", Relation: CollectorAgent}, "不一致"},
		{"a company's case collected as 本人", LegalPerson, self, "受托人"},
		{"no relation", NaturalPerson, Delivery{Method: DeliverWindow, Collector: "张三", CollectorID: "11010519491231002X"}, "领取人身份"},
		{"post without a tracking number", NaturalPerson, Delivery{Method: DeliverPost, Company: "EMS", Tracking: "12"}, "快递单号"},
		{"no method", NaturalPerson, Delivery{}, "送达方式"},
		{"a name too long", NaturalPerson, Delivery{Method: DeliverWindow, Collector: strings.Repeat("张", 51), CollectorID: "11010519491231002X", Relation: CollectorSelf}, "不能超过50个字"},
	} {
		c := counterCase(StateDecided)
		c.Applicant.Kind = tt.kind
		_, err := run(t, c, Deliver(HallInfo{}, tt.d))
		if ErrorCode(err) != EInvalid || !strings.Contains(ErrorMessage(err), tt.want) || c.State != StateDecided {
			t.Errorf("%s: %v (state %s)", tt.name, err, c.State)
		}
	}
	c := counterCase(StateDecided)
	ev, err := run(t, c, Deliver(HallInfo{}, self))
	if err != nil {
		t.Fatal(err)
	}
	n, _ := NoticeOf(ev)
	if c.State != StateDelivered || !c.DeliveredAt.Equal(counterAt) || n.Kind != DocDelivery ||
		n.Delivery.CollectorID != "11010519491231002X" {
		t.Errorf("delivered: %s %s %+v", c.State, n.Kind, n.Delivery)
	}
	agent := counterCase(StateDecided)
	byAgent := Delivery{Method: DeliverWindow, Collector: "李四",
		CollectorID: "440524188001010014", AgentID: "440524188001010014", Relation: CollectorAgent}
	if _, err := run(t, agent, Deliver(HallInfo{}, byAgent)); !strings.Contains(ErrorMessage(err), "授权委托书扫描件") ||
		agent.State != StateDecided {
		t.Errorf("agent without the letter's scan: %v", err)
	}
	byAgent.Letter = strings.Repeat("ab", 32)
	if _, err := run(t, agent, Deliver(HallInfo{}, byAgent)); err != nil {
		t.Errorf("agent with the authorisation: %v", err)
	}
	if m := agent.Materials[len(agent.Materials)-1]; m.Name != LetterMaterial || len(m.Files) != 1 || m.Files[0] != byAgent.Letter {
		t.Errorf("the letter is not among the materials: %+v", agent.Materials)
	}
	post := counterCase(StateDecided)
	ev, err = run(t, post, Deliver(HallInfo{}, Delivery{Method: DeliverPost, Company: "中国邮政EMS", Tracking: "1190012345678",
		Collector: "ignored", CollectorID: "x"}))
	if n, _ := NoticeOf(ev); err != nil || n.Delivery.Collector != "" || post.State != StateDelivered {
		t.Errorf("posted: %v %+v", err, n.Delivery)
	}
	// What every copy of the state machine checks, the platform's included.
	bare := counterCase(StateDecided)
	if _, err := Apply(bare, Event{Action: ActDeliver, At: counterAt}); ErrorCode(err) != EInvalid {
		t.Errorf("出件 without its facts: %v", err)
	}
}

func TestCorrectFormBeforeAcceptance(t *testing.T) {
	c := counterCase(StateReceived)
	c.Form = json.RawMessage(`{"contact_phone":"13812345678","reason":"新养犬只登记"}`)
	shown := json.RawMessage(`{"contact_phone":"138****5678","reason":"新养犬只登记"}`) // masked for the screen
	if _, err := run(t, c, CorrectForm(shown, shown, nil, "")); ErrorCode(err) != EInvalid {
		t.Errorf("a correction that changes nothing: %v", err)
	}
	ev, err := run(t, c, CorrectForm(shown, json.RawMessage(`{"contact_phone":"138****5678","reason":"新养犬只（柯基）登记"}`), nil, "申请人口误"))
	if err != nil {
		t.Fatal(err)
	}
	n := factsOf(ev)
	if c.State != StateReceived || string(c.Form) != `{"contact_phone":"13812345678","reason":"新养犬只（柯基）登记"}` ||
		!strings.Contains(string(n.FormBefore), "新养犬只登记") || ev.Reason != "申请人口误" {
		t.Errorf("corrected: %s %s before %s", c.State, c.Form, n.FormBefore)
	}
	accepted := counterCase(StateAccepted)
	if _, err := run(t, accepted, CorrectForm(nil, json.RawMessage(`{"a":1}`), nil, "")); ErrorCode(err) != EConflict {
		t.Errorf("a form corrected after 受理: %v", err)
	}
	if _, err := Apply(counterCase(StateReceived), Event{Action: ActCorrectForm, At: counterAt}); ErrorCode(err) != EInvalid {
		t.Errorf("更正申请表 without the form: %v", err)
	}
}

// TestReceivedWithAnIncompleteFormWaitsForItBeforeAcceptance: 仅收件 takes
// the papers in with the form's required values still empty (FormGaps);
// 受理 is refused, naming the first, until 更正申请表 has filled them all.
func TestReceivedWithAnIncompleteFormWaitsForItBeforeAcceptance(t *testing.T) {
	it := &Item{Name: "食品经营许可", Materials: []Material{{Name: "营业执照", Necessity: Required}}}
	c := counterCase(StateReceived)
	c.Form = json.RawMessage(`{"shop":"清河小吃"}`)
	c.FormGaps = []string{"经营场所面积", "从业人员人数"}
	accept := Decision{Action: ActAccept, Item: it}.Later()
	_, err := run(t, c, accept)
	if ErrorCode(err) != EInvalid || !strings.Contains(ErrorMessage(err), "经营场所面积") || c.State != StateReceived {
		t.Fatalf("受理 with the form incomplete: %v (state %s)", err, c.State)
	}
	// Filled in part: one gap left, still refused.
	if _, err := run(t, c, CorrectForm(c.Form, json.RawMessage(`{"shop":"清河小吃","area":"30"}`), []string{"从业人员人数"}, "")); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, c, accept); !strings.Contains(ErrorMessage(err), "从业人员人数") {
		t.Fatalf("受理 with one gap left: %v", err)
	}
	if _, err := run(t, c, CorrectForm(c.Form, json.RawMessage(`{"shop":"清河小吃","area":"30","staff":"3"}`), nil, "补全申请表")); err != nil {
		t.Fatal(err)
	}
	if len(c.FormGaps) != 0 {
		t.Fatalf("gaps after the form was completed: %v", c.FormGaps)
	}
	if _, err := run(t, c, accept); err != nil || c.State != StateAccepted {
		t.Fatalf("受理 of the completed form: %v (state %s)", err, c.State)
	}
}
