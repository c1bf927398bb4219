package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"yichuang/hall"
)

// TestReceiveOnlyNeedsTheApplicantNotTheWholeForm: 仅收件 takes the papers
// in before they are checked. With the applicant's identity and contact
// given and the item's form left empty, the case is received and keeps the
// form's empty required fields as its gaps; 受理 from the case is refused
// naming the first, 更正申请表 fills them, then 受理 goes through. 受理 at
// intake still needs the whole form, and 仅收件 still needs the applicant.
func TestReceiveOnlyNeedsTheApplicantNotTheWholeForm(t *testing.T) {
	f := newFixture(t)
	p := f.openIntake(t, dogs)
	test.Tap(p.receive)
	if p.last != nil || !strings.Contains(p.msg.Text, "申请人") {
		t.Fatalf("仅收件 with no applicant: %q", p.msg.Text)
	}
	typeIn(t, p, "applicant", "name", "张喆")
	typeIn(t, p, "applicant", "id_number", "11010519491231002X")
	typeIn(t, p, "applicant", "phone", "13812345678")
	test.Tap(p.materials.all)
	test.Tap(p.accept)
	if p.last != nil || p.msg.Text == "" {
		t.Fatalf("受理 at intake with the form empty: %q", p.msg.Text)
	}
	typeIn(t, p, "form", "contact_phone", "1381234") // typed wrong: still refused
	test.Tap(p.receive)
	if p.last != nil || !strings.Contains(p.msg.Text, "联系") {
		t.Fatalf("仅收件 with a wrong value typed: %q", p.msg.Text)
	}
	fyne.DoAndWait(func() { p.form.Set("contact_phone", "") })
	test.Tap(p.receive)
	if p.last == nil || p.last.Case == nil || p.last.Case.State != hall.StateReceived {
		t.Fatalf("仅收件 with the applicant only: %q", p.msg.Text)
	}
	c := p.last.Case
	if len(c.FormGaps) == 0 {
		t.Fatalf("the received case keeps no gaps of its form: %+v", c)
	}
	t.Logf("gaps: %v", c.FormGaps)
	shot(t, f, "receive-only-incomplete.png")

	v := openCase(t, f, c.ID, false)
	form, v2 := act(t, f, v, fyne.KeyA, nil, nil)
	if !strings.Contains(form.msg.Text, "申请表尚未填写完整") || !strings.Contains(form.msg.Text, c.FormGaps[0]) {
		t.Fatalf("受理 of a case with form gaps: %q", form.msg.Text)
	}
	if v2 != nil && v2.d.c.State != hall.StateReceived {
		t.Fatalf("state after a refused 受理: %s", v2.d.c.State)
	}
	fyne.DoAndWait(func() { form.close() })
	v = openCase(t, f, c.ID, false)
	if !v.typed(shortcut(fyne.KeyE)) || v.form == nil || v.form.formView == nil {
		t.Fatal("Alt+E opened no form")
	}
	cf := v.form
	fyne.DoAndWait(func() {
		cf.formView.Set("reason", "新养犬只登记")
		cf.formView.Set("contact_phone", "13812345678")
		cf.formView.Set("delivery", "窗口领取")
	})
	test.Tap(cf.ok)
	v = f.shell.env.openCase
	if v == nil || len(v.d.c.FormGaps) != 0 {
		t.Fatalf("gaps after 更正申请表: %q %+v", cf.msg.Text, v)
	}
	_, v = act(t, f, v, fyne.KeyA, nil, nil)
	if v == nil || v.d.c.State != hall.StateAccepted {
		t.Fatalf("受理 after the form was completed: %+v", v)
	}
	got, _, err := f.desk.DB.Cases().Case(hall.AsDesk(context.Background()), c.ID)
	if err != nil || got.State != hall.StateAccepted || len(got.FormGaps) != 0 {
		t.Fatalf("stored: %+v %v", got, err)
	}
}
