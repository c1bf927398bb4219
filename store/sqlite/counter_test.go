package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
)

const applicantID = "11010519491231002X"

// counterDB is a keyed desk (personal data sealed at rest) with the
// bundled calendar, the two items of deadline_test.go, a licence item and a
// clerk logged in; ctx acts as that clerk.
func counterDB(t *testing.T) (*DB, context.Context) {
	t.Helper()
	db := keyedDB(t)
	u := login(t, db, "wangkun", clerkPW)
	db.UseBundledCalendar(bundledTables(t))
	lic := permit
	lic.ResultType, lic.ExtensionDays = "证照", 15
	lic.Materials = []hall.Material{{Name: "营业执照", Necessity: hall.Required, Originals: 1},
		{Name: "健康证明", Necessity: hall.Required, Copies: 1}}
	if err := seedCatalog(db, lic, instant); err != nil {
		t.Fatal(err)
	}
	ctx := hall.AsUser(context.Background(), u)
	if err := db.SetSettings(hall.AsDesk(context.Background()), map[string]string{hall.SettingHallCode: "341122", hall.SettingDeskCode: "07"}); err != nil {
		t.Fatal(err)
	}
	return db, ctx
}

// received submits a case of it with 收件 only (its 收件凭证), as the
// window does, with the materials given.
func received(t *testing.T, db *DB, ctx context.Context, it hall.Item, ms ...hall.CaseMaterial) *hall.Case {
	t.Helper()
	c := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department, Materials: ms,
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "张喆", IDType: hall.IDResidentCard, IDNumber: applicantID}}
	dec := hall.Decision{Item: &it, Hall: hall.HallInfo{Name: "清河县政务服务中心"}}
	got, evs, err := db.Drafts().Submit(ctx, hall.Submission{Case: c, Received: dec.Receipt})
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := hall.NoticeOf(evs[0]); got.State != hall.StateReceived || len(evs) != 1 || !ok || n.Kind != hall.DocReceiving {
		t.Fatalf("收件 only: %s, %d events, notice %+v", got.State, len(evs), n)
	}
	return got
}

func rows(t *testing.T, db *DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// committed checks that each event is in case_events, the outbox and the
// audit log.
func committed(t *testing.T, db *DB, c *hall.Case, evs []hall.Event) {
	t.Helper()
	for _, ev := range evs {
		if rows(t, db, "SELECT count(*) FROM case_events WHERE id = ?", ev.ID) != 1 ||
			rows(t, db, "SELECT count(*) FROM outbox WHERE op_id = ?", ev.ID) != 1 {
			t.Errorf("%s: event or outbox entry missing", ev.Action.Name())
		}
		if rows(t, db, "SELECT count(*) FROM audit_log WHERE object = ? AND detail LIKE ?", c.No, ev.Action.Name()+"：%") < 1 {
			t.Errorf("%s: no audit record", ev.Action.Name())
		}
	}
}

func TestReceiveThenDecideFromTheCase(t *testing.T) {
	db, ctx := counterDB(t)
	lic := permitOrCatalog(t, db, permit.Code)
	c := received(t, db, ctx, *lic, hall.CaseMaterial{Name: "营业执照", Originals: 1})
	if c.PromiseDue != "" {
		t.Errorf("收件 only has a due date: %s", c.PromiseDue)
	}
	// 受理 is refused while a material is missing; the case is as it was.
	acc := hall.Decision{Action: hall.ActAccept, Item: lic, Hall: hall.HallInfo{Name: "清河县政务服务中心"}}
	if _, _, err := db.Cases().Transition(ctx, c.ID, acc.Later()); !strings.Contains(hall.ErrorMessage(err), "健康证明") {
		t.Fatalf("受理 with a gap: %v", err)
	}
	cor := hall.Decision{Action: hall.ActRequestCorrection, Item: lic, Hall: hall.HallInfo{Name: "清河县政务服务中心"}}
	got, evs, err := db.Cases().Transition(ctx, c.ID, cor.Later())
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := hall.NoticeOf(evs[0]); got.State != hall.StateCorrection || n.Kind != hall.DocCorrection || len(n.Gaps) != 1 {
		t.Fatalf("补正: %s %+v", got.State, n)
	}
	committed(t, db, got, evs)
	// Two days later the applicant brings the certificate: 补正材料收讫 and
	// 受理 in one transaction; the clock starts at this acceptance.
	db.Now = func() time.Time { return time.Now().Add(48 * time.Hour) }
	got, evs, err = db.Cases().Transition(ctx, c.ID,
		hall.Supply([]hall.CaseMaterial{{Name: "健康证明", Copies: 1}}, ""), acc.Later())
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].To != hall.StateReceived || got.State != hall.StateAccepted || got.PromiseDue == "" ||
		got.LegalDue == "" || !got.Materials[1].Received() {
		t.Fatalf("收讫→受理: %d events, %s, due %s/%s, %+v", len(evs), got.State, got.PromiseDue, got.LegalDue, got.Materials)
	}
	if hall.HallDay(got.AcceptedAt) != hall.HallDay(time.Now().Add(48*time.Hour)) {
		t.Errorf("accepted %s, want the day the materials came back", got.AcceptedAt)
	}
	committed(t, db, got, evs)
}

func TestInstantDecisionAndDelivery(t *testing.T) {
	db, ctx := counterDB(t)
	lic := permitOrCatalog(t, db, permit.Code)
	lic.PromiseLimit = hall.Limit{} // a 即办件 that issues a licence
	c := received(t, db, ctx, *lic, hall.CaseMaterial{Name: "营业执照", Originals: 1}, hall.CaseMaterial{Name: "健康证明", Copies: 1})
	h := hall.HallInfo{Name: "清河县政务服务中心"}
	if _, _, err := db.Cases().Transition(ctx, c.ID, hall.Decision{Action: hall.ActAccept, Item: lic, Hall: h}.Later(),
		hall.WindowDecision{Item: lic, Hall: h, Approve: true}.Step()); !strings.Contains(hall.ErrorMessage(err), "证照编号") {
		t.Fatalf("办结 without the licence number: %v", err)
	}
	if n := rows(t, db, "SELECT count(*) FROM case_events WHERE case_id = ?", c.ID); n != 1 {
		t.Fatalf("a refused transition left %d events (want the 收件 only)", n)
	}
	got, evs, err := db.Cases().Transition(ctx, c.ID, hall.Decision{Action: hall.ActAccept, Item: lic, Hall: h}.Later(),
		hall.WindowDecision{Item: lic, Hall: h, Approve: true, Licence: "JY13411220000123"}.Step())
	if err != nil {
		t.Fatal(err)
	}
	if got.State != hall.StateDecided || got.Licence != "JY13411220000123" || got.FinishedAt.IsZero() {
		t.Fatalf("办结: %+v", got)
	}
	committed(t, db, got, evs)
	list, err := db.Cases().ListCases(ctx, hall.CaseFilter{State: hall.StateDecided})
	if err != nil || len(list) != 1 || list[0].ID != c.ID {
		t.Fatalf("待出件 = %v, %v", list, err)
	}
	// Someone else's ID as 本人: refused; the applicant's own: delivered.
	wrong := hall.Delivery{Method: hall.DeliverWindow, Collector: "李四", CollectorID: "440524188001010014", Relation: hall.CollectorSelf}
	if _, _, err := db.Cases().Transition(ctx, c.ID, hall.Deliver(h, wrong)); !strings.Contains(hall.ErrorMessage(err), "不一致") {
		t.Fatalf("wrong collector: %v", err)
	}
	self := hall.Delivery{Method: hall.DeliverWindow, Collector: "张喆", CollectorID: strings.ToLower(applicantID), Relation: hall.CollectorSelf}
	got, evs, err = db.Cases().Transition(ctx, c.ID, hall.Deliver(h, self))
	if err != nil {
		t.Fatal(err)
	}
	n, _ := hall.NoticeOf(evs[0])
	if got.State != hall.StateDelivered || got.DeliveredAt.IsZero() || n.Kind != hall.DocDelivery ||
		n.Delivery.CollectorID != hall.MaskID(applicantID) {
		t.Fatalf("出件: %s, notice %+v", got.State, n.Delivery)
	}
	committed(t, db, got, evs)
	// What comes back to screens is masked; what is on disk is sealed.
	_, stored, _ := db.Cases().Case(ctx, c.ID)
	if sn, _ := hall.NoticeOf(stored[len(stored)-1]); sn.Delivery.CollectorID != hall.MaskID(applicantID) {
		t.Errorf("stored 出件 shows %q", sn.Delivery.CollectorID)
	}
	if rows(t, db, "SELECT count(*) FROM case_events WHERE doc LIKE ?", "%"+applicantID+"%") != 0 ||
		rows(t, db, "SELECT count(*) FROM outbox WHERE body LIKE ?", "%"+applicantID+"%") != 0 {
		t.Error("the collector's ID number is in clear on disk")
	}
	list, _ = db.Cases().ListCases(ctx, hall.CaseFilter{State: hall.StateDecided})
	if len(list) != 0 {
		t.Errorf("a delivered case is still 待出件")
	}
}

func TestExtensionAndWithdrawal(t *testing.T) {
	db, ctx := counterDB(t)
	lic := permitOrCatalog(t, db, permit.Code)
	h := hall.HallInfo{Name: "清河县政务服务中心"}
	c := received(t, db, ctx, *lic, hall.CaseMaterial{Name: "营业执照", Originals: 1}, hall.CaseMaterial{Name: "健康证明", Copies: 1})
	c, _, err := db.Cases().Transition(ctx, c.ID, hall.Decision{Action: hall.ActAccept, Item: lic, Hall: h}.Later())
	if err != nil {
		t.Fatal(err)
	}
	if hall.DefaultExtension(lic) != 15 {
		t.Fatalf("the catalog's extension: %d", hall.DefaultExtension(lic))
	}
	got, evs, err := db.Cases().Transition(ctx, c.ID, hall.ExtensionRequest{Hall: h, Approver: "李局长", Reason: "需现场核查经营场所", Days: 15}.Step())
	if err != nil {
		t.Fatal(err)
	}
	if got.State != hall.StateAccepted || got.PromiseDue != c.PromiseDue || got.LegalDue <= c.LegalDue || got.ExtendedDays != 15 {
		t.Fatalf("延期: promise %s → %s, legal %s → %s", c.PromiseDue, got.PromiseDue, c.LegalDue, got.LegalDue)
	}
	before, _ := calendar.ParseDate(c.LegalDue)
	after, _ := calendar.ParseDate(got.LegalDue)
	if n := calendar.New(bundledTables(t)).WorkdaysBetween(before, after); n != 15 {
		t.Errorf("the legal due date moved %d working days, want 15", n)
	}
	if evs[0].LegalDue != got.LegalDue {
		t.Errorf("the event carries legal due %s, the case %s", evs[0].LegalDue, got.LegalDue)
	}
	committed(t, db, got, evs)
	if _, _, err := db.Cases().Transition(ctx, c.ID, hall.ExtensionRequest{Hall: h, Approver: "李局长", Reason: "再延", Days: 5}.Step()); hall.ErrorCode(err) != hall.EConflict {
		t.Errorf("a second 延期: %v", err)
	}
	got, evs, err = db.Cases().Transition(ctx, c.ID, hall.Withdraw(h, "申请人书面申请撤回"))
	if err != nil {
		t.Fatal(err)
	}
	if got.State != hall.StateWithdrawn || got.FinishedAt.IsZero() {
		t.Fatalf("撤回: %+v", got)
	}
	committed(t, db, got, evs)
	open, _ := db.Cases().ListCases(ctx, hall.CaseFilter{Open: true})
	for _, s := range open {
		if s.ID == c.ID {
			t.Error("a withdrawn case is listed as open")
		}
	}
}

// TestCounterNeedsSomeoneWhoHandlesCases: no actor, no transition, and
// nothing read.
func TestCounterNeedsSomeoneWhoHandlesCases(t *testing.T) {
	db, ctx := counterDB(t)
	lic := permitOrCatalog(t, db, permit.Code)
	c := received(t, db, ctx, *lic)
	if _, _, err := db.Cases().Transition(context.Background(), c.ID, hall.Withdraw(hall.HallInfo{}, "x")); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("no actor: %v", err)
	}
}

// permitOrCatalog reads an item back from the catalog, as the window does.
func permitOrCatalog(t *testing.T, db *DB, code string) *hall.Item {
	t.Helper()
	it, err := db.Catalog().Item(hall.AsDesk(context.Background()), code)
	if err != nil {
		t.Fatal(err)
	}
	return it
}
