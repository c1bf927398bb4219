package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	apptheme "yichuang/app/theme"
	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
	"yichuang/testsupport/pdftext"
)

// dogs is the demo item 犬类登记: a 即办件 that issues a licence.
const dogs = "000104020000"

// receiveOnly fills the applicant, the form (dogs) and every material,
// then takes 仅收件: the case and its 收件凭证.
func receiveOnly(t *testing.T, f *fixture, code string) *hall.Case {
	t.Helper()
	p := f.openIntake(t, code)
	if code == dibao {
		fillDibao(t, p)
	} else {
		fillDogs(t, p)
	}
	test.Tap(p.receive)
	if p.last == nil || p.last.Case == nil || p.last.Case.State != hall.StateReceived {
		t.Fatalf("仅收件 failed: %q", p.msg.Text)
	}
	if p.last.Notice.Kind != hall.DocReceiving || !strings.HasSuffix(p.last.PDF, "收件凭证.pdf") {
		t.Fatalf("收件 only handed out %s (%s)", p.last.Notice.Kind, p.last.PDF)
	}
	return p.last.Case
}

// openCase opens the case from the 办件 screen's list (the 待出件 list
// when toDeliver) and returns its view.
func openCase(t *testing.T, f *fixture, id string, toDeliver bool) *caseView {
	t.Helper()
	p := f.shell.pages[ScreenCases].(*casesPage)
	fyne.DoAndWait(func() {
		f.shell.Show(ScreenCases)
		if toDeliver {
			p.list.SetSelected(listToDeliver())
		} else {
			p.list.SetSelected(listAll())
		}
	})
	row := -1
	for i, r := range p.rows {
		if r.ID == id {
			row = i
		}
	}
	if row < 0 {
		t.Fatalf("case %s is not on the list (待出件 %v): %d rows", id, toDeliver, len(p.rows))
	}
	fyne.DoAndWait(func() { p.table.Select(widget.TableCellID{Row: row, Col: 0}) })
	v := f.shell.env.openCase
	if v == nil || v.d.c.ID != id {
		t.Fatal("the case did not open")
	}
	return v
}

// act presses the action's Alt shortcut on the open case (the applicant
// declining a 好差评 pad on show first), types into the
// form's fields and confirms; it returns the form (its message says what
// stopped it) and the view the case reopened in, if it did.
func act(t *testing.T, f *fixture, v *caseView, key fyne.KeyName, fields map[string]string, radios map[string]string) (*counterForm, *caseView) {
	t.Helper()
	// A 好差评 pad over the case (after 受理 or 出件) is answered first:
	// nothing acts behind it.
	if r := f.shell.env.rating; r != nil && r.window == nil {
		test.Tap(r.later)
	}
	if !v.typed(shortcut(key)) {
		t.Fatalf("Alt+%s does nothing on a %s case; buttons %v", key, v.d.c.State, buttonLabels(v))
	}
	form := v.form
	if form == nil {
		t.Fatalf("Alt+%s opened no form", key)
	}
	for k, s := range fields {
		e := form.entries[k]
		if e == nil {
			t.Fatalf("no field %s", k)
		}
		fyne.DoAndWait(func() { e.SetText("") })
		test.Type(e, s)
	}
	for k, s := range radios {
		fyne.DoAndWait(func() { form.radio[k].SetSelected(s) })
	}
	test.Tap(form.ok)
	return form, f.shell.env.openCase
}

func buttonLabels(v *caseView) []string {
	var out []string
	for _, b := range v.buttons {
		out = append(out, b.Text)
	}
	return out
}

func shot(t *testing.T, f *fixture, name string) {
	t.Helper()
	dir := os.Getenv("YICHUANG_SHOTS")
	if dir == "" {
		return
	}
	fyne.DoAndWait(func() { fyne.CurrentApp().Settings().SetTheme(apptheme.New()) })
	out, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if err := png.Encode(out, f.win.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

// pdfSays reads the last notice handed to the viewer.
func pdfSays(t *testing.T, f *fixture, kind hall.DocKind, want ...string) {
	t.Helper()
	docs := f.documents()
	if len(docs) == 0 || !strings.HasSuffix(docs[len(docs)-1], string(kind)+".pdf") {
		t.Fatalf("the viewer got %v, want a %s", docs, kind)
	}
	b, err := os.ReadFile(docs[len(docs)-1])
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Text(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range append(want, string(kind), "清河县政务服务中心（盖章）", "0550-7012345") {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", kind, w)
		}
	}
}

// TestInstantCaseFromReceiptToDelivery: a 即办件 taken in with 收件 only is
// accepted, decided at the window (the licence number required) and handed
// over to the applicant, whose ID is checked; each step through the case's
// buttons and Alt shortcuts, each with its notice, and the case passes
// through 待出件 on the way.
// With YICHUANG_SHOTS=DIR it saves the case screen and 待出件.
func TestInstantCaseFromReceiptToDelivery(t *testing.T) {
	f := newFixture(t)
	ctx := hall.AsDesk(context.Background())
	c := receiveOnly(t, f, dogs)
	v := openCase(t, f, c.ID, false)
	for _, want := range []string{"受理 Alt+A", "不予受理 Alt+R", "补正告知 Alt+B", "撤回 Alt+W"} {
		if !strings.Contains(strings.Join(buttonLabels(v), ","), want) {
			t.Errorf("a received case lacks the button %q: %v", want, buttonLabels(v))
		}
	}
	if _, ok := v.buttons["deliver"]; ok {
		t.Error("出件 offered before a decision")
	}
	shot(t, f, "case-received.png")

	_, v = act(t, f, v, fyne.KeyA, nil, nil)
	if v == nil || v.d.c.State != hall.StateAccepted {
		t.Fatalf("受理 from the case: %v", v)
	}
	pdfSays(t, f, hall.DocReceipt, c.No, "即办件")
	// Accepted, not yet decided, on its own day: green, and no due-date
	// notice at login for it.
	dp := f.shell.pages[ScreenDeadline].(*deadlinePage)
	src, _ := dp.source()
	b, err := loadBoard(ctx, f.shell.env, src, dp.today(), supervision.Query{OpenOnly: true})
	if err != nil || len(b.Rows) != 1 || b.Rows[0].Light != calendar.Green || dueSoonDialog(f.shell, b) != nil {
		t.Fatalf("a 即办件 on its day: %v rows %d", err, len(b.Rows))
	}

	form, after := act(t, f, v, fyne.KeyJ, nil, nil)
	if !strings.Contains(form.msg.Text, "证照编号") || after != v {
		t.Fatalf("办结 without a licence number: %q", form.msg.Text)
	}
	form.close()
	_, v = act(t, f, v, fyne.KeyJ, map[string]string{"licence": "QL-2026-000123"}, nil)
	if v == nil || v.d.c.State != hall.StateDecided || v.d.c.Licence != "QL-2026-000123" {
		t.Fatalf("办结: %+v", v)
	}
	pdfSays(t, f, hall.DocDecision, "QL-2026-000123", string(hall.ResultIssued))
	fyne.DoAndWait(v.close)

	// 待出件 lists it; someone else's ID as 本人 is refused by name.
	v = openCase(t, f, c.ID, true)
	shot(t, f, "case-decided.png")
	p := f.shell.pages[ScreenCases].(*casesPage)
	fyne.DoAndWait(v.close)
	shot(t, f, "cases-todeliver.png")
	v = openCase(t, f, c.ID, true)
	if os.Getenv("YICHUANG_SHOTS") != "" {
		v.typed(shortcut(fyne.KeyC))
		test.Type(v.form.entries["collector"], "张喆")
		shot(t, f, "case-deliver-form.png")
		fyne.DoAndWait(v.form.close)
	}
	form, _ = act(t, f, v, fyne.KeyC, map[string]string{"collector": "李四", "collector_id": "440524188001010014"}, nil)
	if !strings.Contains(form.msg.Text, "不一致") {
		t.Fatalf("a stranger collecting as 本人: %q", form.msg.Text)
	}
	form.close()
	_, v = act(t, f, v, fyne.KeyC, map[string]string{"collector": "张喆", "collector_id": "11010519491231002X"}, nil)
	if v == nil || v.d.c.State != hall.StateDelivered {
		t.Fatalf("出件: %+v", v)
	}
	pdfSays(t, f, hall.DocDelivery, "窗口领取", "张喆", "1101**********002X", "与申请人证件号码一致")
	if r := f.shell.env.rating; r == nil || r.caseID != c.ID || r.stage != hall.StageDeliver {
		t.Errorf("no 好差评 of the 出件 offered after it: %+v", r)
	}
	if len(p.rows) != 0 {
		t.Errorf("待出件 still lists %d cases", len(p.rows))
	}
	_, evs, err := f.desk.DB.Cases().Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, ev := range evs {
		actions = append(actions, ev.Action.Name())
	}
	if got := strings.Join(actions, ","); got != "收件,受理,办结,出件" {
		t.Errorf("events %s", got)
	}
	if st, _ := f.desk.DB.OutboxStats(ctx); st.Pending != 4 {
		t.Errorf("outbox pending = %d, want 4", st.Pending)
	}
}

// TestPromisedCaseCorrectedExtendedWithdrawn: a 承诺件 received, told to
// correct, its materials received and accepted in one step, extended (the
// legal date moves, the promised one does not) and withdrawn.
func TestPromisedCaseCorrectedExtendedWithdrawn(t *testing.T) {
	f := newFixture(t)
	c := receiveOnly(t, f, dibao)
	v := openCase(t, f, c.ID, false)
	form, _ := act(t, f, v, fyne.KeyR, nil, nil)
	if !strings.Contains(form.msg.Text, "理由") {
		t.Errorf("不予受理 without a reason: %q", form.msg.Text)
	}
	form.close()
	_, v = act(t, f, v, fyne.KeyB, map[string]string{"notes": "户口簿复印件不清晰，请重新提供"}, nil)
	if v == nil || v.d.c.State != hall.StateCorrection {
		t.Fatalf("补正: %+v", v)
	}
	pdfSays(t, f, hall.DocCorrection, "户口簿复印件不清晰")
	_, v = act(t, f, v, fyne.KeyS, map[string]string{"note": "已重新提供清晰的户口簿复印件"}, nil)
	if v == nil || v.d.c.State != hall.StateAccepted || v.d.c.PromiseDue == "" {
		t.Fatalf("收讫 → 受理: %+v", v)
	}
	pdfSays(t, f, hall.DocReceipt, c.No)
	promise, legal := v.d.c.PromiseDue, v.d.c.LegalDue
	shot(t, f, "case-accepted.png")

	form, _ = act(t, f, v, fyne.KeyY, map[string]string{"approver": "李局长"}, nil)
	if !strings.Contains(form.msg.Text, "延期理由") {
		t.Fatalf("延期 without a reason: %q", form.msg.Text)
	}
	if form.entries["days"].Text != "10" {
		t.Errorf("延期 offers %s days, want Art. 42's 10", form.entries["days"].Text)
	}
	form.close()
	_, v = act(t, f, v, fyne.KeyY, map[string]string{"approver": "李局长", "reason": "需入户核查家庭经济状况"}, nil)
	if v == nil || v.d.c.PromiseDue != promise || v.d.c.LegalDue <= legal || v.d.c.ExtendedDays != 10 {
		t.Fatalf("延期: promise %s → %s, legal %s → %+v", promise, v.d.c.PromiseDue, legal, v)
	}
	pdfSays(t, f, hall.DocExtension, "李局长", "需入户核查家庭经济状况", "10个工作日")
	if _, ok := v.buttons["extend"]; ok {
		t.Error("延期 is offered a second time")
	}
	_, v = act(t, f, v, fyne.KeyW, map[string]string{"reason": "申请人书面申请撤回"}, nil)
	if v == nil || v.d.c.State != hall.StateWithdrawn || len(v.buttons) != 0 {
		t.Fatalf("撤回: %+v", v)
	}
	pdfSays(t, f, hall.DocWithdrawal, "申请人书面申请撤回", "本件办理终止")
	if strings.Contains(allText(v.actionBar()), "Alt+") {
		t.Error("a withdrawn case still offers actions")
	}
}

// TestInstantCaseDecidedRightAfterIntake: a 即办件 accepted on the intake
// screen offers 办结 at once; it opens the case's 办结 form, and the case
// leaves the lights decided.
func TestInstantCaseDecidedRightAfterIntake(t *testing.T) {
	f := newFixture(t)
	p := f.openIntake(t, dogs)
	fillDogs(t, p)
	test.Tap(p.accept)
	if p.last == nil || p.last.Case == nil || p.last.Case.State != hall.StateAccepted {
		t.Fatalf("受理: %q", p.msg.Text)
	}
	var decide *widget.Button
	walkButtons(p.stack, func(b *widget.Button) {
		if strings.Contains(b.Text, "办结本件") {
			decide = b
		}
	})
	if decide == nil {
		t.Fatal("an accepted 即办件 offers no 办结")
	}
	test.Tap(decide)
	v := f.shell.env.openCase
	if v == nil || v.form == nil || v.form.entries["licence"] == nil {
		t.Fatal("办结 did not open the case's 办结 form")
	}
	test.Type(v.form.entries["licence"], "QL-2026-000124")
	test.Tap(v.form.ok)
	if v = f.shell.env.openCase; v == nil || v.d.c.State != hall.StateDecided || v.d.c.FinishedAt.IsZero() {
		t.Fatalf("办结 after intake: %+v", v)
	}
	pdfSays(t, f, hall.DocDecision, "QL-2026-000124")
}
