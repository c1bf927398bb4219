package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
	"yichuang/testsupport/pdftext"
)

// dibao is the demo item 最低生活保障审核确认: 20 working days, a rows
// field, a multi-select, a deferrable material.
const dibao = "000107011000"

// openIntake starts an application for code on the fixture's shell.
func (f *fixture) openIntake(t testing.TB, code string) *intakePage {
	t.Helper()
	fyne.DoAndWait(func() { f.shell.StartIntake(code) })
	p := f.shell.intake
	if p.view == nil || p.item == nil || p.item.Code != code { // background loads run synchronously here
		t.Fatalf("the intake form of %s did not open", code)
	}
	return p
}

// typeIn types text into the field at path of a form, as the clerk would.
func typeIn(t testing.TB, p *intakePage, form, path, text string) {
	t.Helper()
	fm := map[string]interface{ Field(string) fyne.Focusable }{"applicant": p.applicant, "form": p.form, "notes": p.notes}[form]
	fld := fm.Field(path)
	if fld == nil {
		t.Fatalf("no field %s in %s", path, form)
	}
	test.Type(fld, text)
}

// fillDibao types a valid application for 最低生活保障 (applicant and form)
// and receives every material.
func fillDibao(t testing.TB, p *intakePage) {
	t.Helper()
	typeIn(t, p, "applicant", "name", "张喆")
	typeIn(t, p, "applicant", "id_number", "11010519491231002X")
	typeIn(t, p, "applicant", "phone", "13812345678")
	typeIn(t, p, "form", "hukou_region", "341122100001")
	typeIn(t, p, "form", "family_size", "2")
	test.Tap(p.form.Field("members").(*widget.Button))
	typeIn(t, p, "form", "members[0].name", "张喆")
	typeIn(t, p, "form", "members[0].id_number", "11010519491231002X")
	p.form.Set("members[0].relation", "本人")
	typeIn(t, p, "form", "family_income", "800")
	p.form.Set("reasons", []string{"因病"})
	p.form.Set("housing", "自有住房")
	p.form.Set("vehicle", "否")
	p.form.Set("bank", "中国农业银行")
	typeIn(t, p, "form", "account", "6228480012345678")
	test.Tap(p.materials.all)
}

// fillDogs fills an open 犬类登记 (dogs) with every material received.
func fillDogs(t testing.TB, p *intakePage) {
	t.Helper()
	typeIn(t, p, "applicant", "name", "张喆")
	typeIn(t, p, "applicant", "id_number", "11010519491231002X")
	typeIn(t, p, "applicant", "phone", "13812345678")
	typeIn(t, p, "form", "reason", "新养犬只登记")
	typeIn(t, p, "form", "contact_phone", "13812345678")
	p.form.Set("delivery", "窗口领取")
	test.Tap(p.materials.all)
}

func TestIntakeRefusesInvalidThenAcceptsWithCaseEventsOutboxAndReceipt(t *testing.T) {
	f := newFixture(t)
	ctx := hall.AsDesk(context.Background())
	p := f.openIntake(t, dibao)

	fillDibao(t, p)
	p.applicant.Set("id_number", "")
	typeIn(t, p, "applicant", "id_number", "11010519491231003X") // wrong check character
	typeIn(t, p, "form", "account", "x")                         // not digits any more
	test.Tap(p.accept)
	if !strings.Contains(p.msg.Text, "公民身份号码") {
		t.Fatalf("message %q does not name the ID field", p.msg.Text)
	}
	if got := p.applicant.Message("id_number"); !strings.Contains(got, "校验位") {
		t.Errorf("no error beside the ID field: %q", got)
	}
	if f.win.Canvas().Focused() != p.applicant.Field("id_number") {
		t.Errorf("focus is on %T, want the ID field", f.win.Canvas().Focused())
	}
	if n, _ := f.desk.DB.Cases().CountByState(ctx); len(n) != 0 {
		t.Fatalf("a refused accept created cases: %v", n)
	}
	if v := p.applicant.Values()["name"]; v != "张喆" {
		t.Errorf("the refusal lost what was typed: name = %v", v)
	}

	p.applicant.Set("id_number", "11010519491231002X")
	test.Tap(p.accept)
	if !strings.Contains(p.msg.Text, "社会保障卡（银行卡）账号") {
		t.Fatalf("message %q does not name the account field", p.msg.Text)
	}
	p.form.Set("account", "6228480012345678")
	test.Tap(p.accept)

	res := p.last
	if res == nil || res.Case == nil {
		t.Fatalf("no case after a valid accept; message %q", p.msg.Text)
	}
	c, evs, err := f.desk.DB.Cases().Case(ctx, res.Case.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.State != hall.StateAccepted || !hall.ValidCaseNumber(c.No) || c.PromiseDue == "" || c.SchemaVersion != 1 {
		t.Errorf("case = %+v", c)
	}
	// The store hands cases out masked; the account number is no personal ID.
	if !strings.Contains(string(c.Form), `"account":"6228480012345678"`) || c.Applicant.IDNumber != "1101**********002X" {
		t.Errorf("the case did not keep the form: %s %+v", c.Form, c.Applicant)
	}
	if len(evs) != 2 || evs[0].Action != hall.ActReceive || evs[1].Action != hall.ActAccept {
		t.Fatalf("events = %+v", evs)
	}
	if n, ok := hall.NoticeOf(evs[1]); !ok || n.Kind != hall.DocReceipt || n.HallName != "清河县政务服务中心" {
		t.Errorf("the accept event's notice = %+v", n)
	}
	if st, _ := f.desk.DB.OutboxStats(ctx); st.Pending != 2 {
		t.Errorf("outbox pending = %d, want 2 (收件 and 受理)", st.Pending)
	}
	checks, err := f.desk.DB.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range checks {
		if !ch.OK {
			t.Errorf("verify: %s: %s", ch.Name, ch.Detail)
		}
	}
	pdf, err := os.ReadFile(res.PDF)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"受理回执", c.No, "最低生活保障审核确认", "张喆", "1101**********002X",
		"138****5678", "《最低生活保障申请书》", "20个工作日", "清河县人民路88号", "0550-7012345", "扫码"} {
		if !strings.Contains(text, want) {
			t.Errorf("the receipt lacks %q", want)
		}
	}
	if strings.Contains(text, "11010519491231002X") {
		t.Error("the receipt shows the full ID number")
	}
	if l, _ := f.desk.DB.Drafts().ListDrafts(ctx, "", 0); len(l) != 0 {
		t.Errorf("the submitted draft is still in the draft box: %+v", l)
	}
	p.printLast()
	if opened := f.documents(); len(opened) != 1 || opened[0] != res.PDF {
		t.Errorf("print opened %v, want the receipt", opened)
	}
	if !strings.Contains(allText(p.stack), c.No) {
		t.Error("the result screen does not show the case number")
	}
}

func TestCorrectionListsEveryGapAndRefusalNeedsAReason(t *testing.T) {
	f := newFixture(t)
	ctx := hall.AsDesk(context.Background())
	p := f.openIntake(t, dibao)
	typeIn(t, p, "applicant", "name", "李玥")
	typeIn(t, p, "applicant", "id_number", "440524188001010014")
	typeIn(t, p, "applicant", "phone", "13912345678")

	test.Tap(p.refuse)
	if !strings.Contains(p.msg.Text, "不予受理理由") {
		t.Errorf("refusal without a reason: %q", p.msg.Text)
	}
	typeIn(t, p, "notes", "text", "户籍不在本县\n请到户籍地申请")
	test.Tap(p.correct)
	res := p.last
	if res == nil || res.Case == nil || res.Case.State != hall.StateCorrection {
		t.Fatalf("correction = %+v, message %q", res, p.msg.Text)
	}
	for _, want := range []string{"《最低生活保障申请书》：未提交", "社会保障卡或银行卡：未提交", "户籍不在本县", "请到户籍地申请"} {
		if !strings.Contains(res.Case.Reason, want) {
			t.Errorf("the correction list lacks %q:\n%s", want, res.Case.Reason)
		}
	}
	if strings.Contains(res.Case.Reason, "残疾人证") {
		t.Error("an optional material is listed as missing")
	}
	pdf, _ := os.ReadFile(res.PDF)
	text, _ := pdftext.Text(pdf)
	if !strings.Contains(text, "一次性告知书") || !strings.Contains(text, "第三十二条") || !strings.Contains(text, "户籍不在本县") {
		t.Errorf("the notice's text:\n%s", text)
	}
	if st, _ := f.desk.DB.OutboxStats(ctx); st.Pending != 2 {
		t.Errorf("outbox pending = %d", st.Pending)
	}
}

func TestDraftSavedOnNavigationReopenedAndDiscardedOnPurpose(t *testing.T) {
	f := newFixture(t)
	ctx := hall.AsDesk(context.Background())
	p := f.openIntake(t, dibao)
	typeIn(t, p, "applicant", "name", "王堃")
	typeIn(t, p, "form", "family_income", "１２００") // full-width digits, kept as typed
	long := strings.Repeat("长", 10000) + "\x1b"
	p.notes.Set("text", long)
	fyne.DoAndWait(func() { f.shell.Show(ScreenCases) })

	l, err := f.desk.DB.Drafts().ListDrafts(ctx, "王堃", 0)
	if err != nil || len(l) != 1 || l[0].ItemCode != dibao {
		t.Fatalf("draft box after leaving the screen = %+v, %v", l, err)
	}
	d, schema, err := f.desk.DB.Drafts().Draft(ctx, l[0].ID)
	if err != nil || len(schema) == 0 || d.Notes != long || !strings.Contains(string(d.Form), "１２００") {
		t.Fatalf("saved draft = %+v, schema %d bytes, %v", d, len(schema), err)
	}

	// Another item, then back to the draft from the draft box.
	other := f.openIntake(t, "000104001001")
	typeIn(t, other, "applicant", "name", "赵一")
	fyne.DoAndWait(func() { f.shell.intake.showList() })
	lst := f.shell.intake.list
	eventually(t, "two drafts in the box", func() bool { return len(lst.rows) == 2 })
	test.Type(lst.search, "王堃")
	eventually(t, "the search", func() bool { return len(lst.rows) == 1 })
	fyne.DoAndWait(func() { lst.list.Select(0) })
	eventually(t, "the reopened draft", func() bool { return p.view != nil && p.item.Code == dibao })
	if p.applicant.Values()["name"] != "王堃" || p.form.Values()["family_income"] != "１２００" || p.noteText() == "" {
		t.Errorf("reopened values: %v %v", p.applicant.Values(), p.form.Values())
	}
	if probs := p.notes.Check(); len(probs) != 1 || !strings.Contains(probs[0].Message, "不予受理理由或补正说明") {
		t.Errorf("a 10,000-character note with a control character: %+v", probs)
	}
	if p.noteText() != strings.TrimSpace(long) {
		t.Error("the refused note was changed")
	}
	fyne.DoAndWait(p.discardDraft)
	if l, _ := f.desk.DB.Drafts().ListDrafts(ctx, "", 0); len(l) != 1 || l[0].Title != "赵一" {
		t.Errorf("after discarding one draft: %+v", l)
	}
}

func TestScansAttachedOrRefusedClearly(t *testing.T) {
	f := newFixture(t)
	ctx := hall.AsDesk(context.Background())
	p := f.openIntake(t, dibao)
	fillDibao(t, p)
	dir := t.TempDir()
	scan := filepath.Join(dir, "申请书.png")
	os.WriteFile(scan, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR scan"), 0o600)
	notScan := filepath.Join(dir, "申请书.txt")
	os.WriteFile(notScan, []byte("plain text"), 0o600)

	for path, want := range map[string]string{filepath.Join(dir, "丢失.pdf"): "找不到文件“丢失.pdf”", notScan: "不是图片"} {
		fyne.DoAndWait(func() { p.attachScan(0, path) })
		if msg := p.materials.rows[0].msg.Text; !strings.Contains(msg, want) {
			t.Errorf("attaching %s: %q", filepath.Base(path), msg)
		}
	}
	if p.applicant.Values()["name"] != "张喆" {
		t.Error("a refused scan changed the form")
	}
	fyne.DoAndWait(func() { p.attachScan(0, scan) })
	if len(p.materials.rows[0].files) != 1 || p.materials.rows[0].files[0].Name != "申请书.png" {
		t.Fatalf("files = %+v", p.materials.rows[0].files)
	}
	test.Tap(p.accept)
	if p.last == nil || p.last.Case == nil {
		t.Fatalf("accept failed: %q", p.msg.Text)
	}
	c, _, _ := f.desk.DB.Cases().Case(ctx, p.last.Case.ID)
	sum := c.Materials[0].Files[0]
	if _, err := os.Stat(filepath.Join(f.desk.Dir.Files(), sum)); err != nil {
		t.Errorf("the scan is not under files/ by its hash: %v", err)
	}
}

func TestLegalPersonNeedsItsOwnFields(t *testing.T) {
	f := newFixture(t)
	p := f.openIntake(t, "000111001001") // 社会保险单位参保登记: 法人 only
	if v := p.applicant.Values()["kind"]; v != string(hall.LegalPerson) {
		t.Fatalf("kind = %v", v)
	}
	if p.applicant.Field("org_name") == nil || p.applicant.Field("credit_code") == nil {
		t.Fatal("no legal-person fields")
	}
	test.Tap(p.accept)
	for _, name := range []string{"单位名称"} {
		if !strings.Contains(p.msg.Text, name) {
			t.Errorf("message %q does not name %s", p.msg.Text, name)
		}
	}
	if p.applicant.Message("legal_rep") == "" || p.applicant.Message("contact_phone") == "" {
		t.Error("the legal representative and contact are not required")
	}
	if p.applicant.Message("id_number") != "" {
		t.Error("a legal person is asked for a resident ID")
	}
}

func TestApplicantSchemaForEverySubjectSet(t *testing.T) {
	for _, subjects := range [][]string{nil, {"自然人"}, {"法人"}, {"自然人", "法人"}, {"其他组织"}} {
		s := applicantSchema(subjects)
		if s.Fields[0].Key != "kind" || len(s.Fields[0].Options) == 0 {
			t.Errorf("subjects %v: kind field = %+v", subjects, s.Fields[0])
		}
	}
}

func TestCaseDetailShowsTheCaseAndReprintsItsNotice(t *testing.T) {
	f := newFixture(t)
	p := f.openIntake(t, dibao)
	fillDibao(t, p)
	test.Tap(p.accept)
	if p.last == nil || p.last.Case == nil {
		t.Fatalf("accept failed: %q", p.msg.Text)
	}
	os.Remove(p.last.PDF) // a reprint needs no stored file
	d, err := loadCaseDetail(hall.AsDesk(context.Background()), f.shell.env, p.last.Case.ID)
	if err != nil {
		t.Fatal(err)
	}
	view := d.content(f.shell.env)
	test.NewTempWindow(t, view)
	text := allText(view) + formText(view)
	for _, want := range []string{p.last.Case.No, "1101**********002X", "《最低生活保障申请书》", "社会保障卡（银行卡）账号",
		"受理", "打印受理回执"} {
		if !strings.Contains(text, want) {
			t.Errorf("the case detail lacks %q", want)
		}
	}
	var reprint *widget.Button
	walkButtons(view, func(b *widget.Button) {
		if strings.Contains(b.Text, "受理回执") {
			reprint = b
		}
	})
	if reprint == nil {
		t.Fatal("no reprint button")
	}
	test.Tap(reprint)
	opened := f.documents()
	if len(opened) != 1 {
		t.Fatalf("reprint opened %v", opened)
	}
	pdf, _ := os.ReadFile(opened[0])
	if txt, _ := pdftext.Text(pdf); !strings.Contains(txt, p.last.Case.No) || !strings.Contains(txt, "受理回执") {
		t.Errorf("the reprinted receipt reads:\n%s", txt)
	}
}

func TestRefusalIsConfirmedFromTheKeyboard(t *testing.T) {
	f := newFixture(t)
	p := f.openIntake(t, dibao)
	typeIn(t, p, "applicant", "name", "赵𠮷")
	typeIn(t, p, "applicant", "id_number", "11010519491231002X")
	typeIn(t, p, "applicant", "phone", "0550-7012345")
	typeIn(t, p, "notes", "text", "申请事项依法不属于本机关职权范围")
	test.Tap(p.refuse)
	ok, isKey := f.win.Canvas().Focused().(*keyButton)
	if !isKey || !strings.Contains(ok.Text, "不予受理") {
		t.Fatalf("the confirmation's own button has no focus: %T", f.win.Canvas().Focused())
	}
	if p.last != nil {
		t.Fatal("refused before the clerk confirmed")
	}
	ok.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if p.last == nil || p.last.Case == nil || p.last.Case.State != hall.StateRefused {
		t.Fatalf("after Enter: %+v, %q", p.last, p.msg.Text)
	}
	pdf, _ := os.ReadFile(p.last.PDF)
	text, _ := pdftext.Text(pdf)
	for _, want := range []string{"不予受理通知书", "申请事项依法不属于本机关职权范围", "行政复议", "赵𠮷"} {
		if !strings.Contains(text, want) {
			t.Errorf("the refusal notice lacks %q", want)
		}
	}
	if strings.Contains(text, "□") || strings.Contains(text, "U+20BB7") { // the Ext B face prints it (documents/font.go)
		t.Error("the refusal notice prints 𠮷 as □")
	}
}

func TestQueryURLSettingIsChecked(t *testing.T) {
	f := newFixture(t)
	ctx := hall.AsDesk(context.Background())
	err := saveSettings(ctx, f.desk.DB, map[string]string{hall.SettingQueryURL: "zwfw.example.gov.cn/q"})
	if !strings.Contains(hall.ErrorMessage(err), "进度查询网址") {
		t.Errorf("a query URL without {case_no}: %v", err)
	}
	url := "https://zwfw.example.gov.cn/progress?no={case_no}"
	if err := saveSettings(ctx, f.desk.DB, map[string]string{hall.SettingQueryURL: url, hall.SettingHallCode: "341122",
		hall.SettingDeskCode: "01"}); err != nil {
		t.Fatal(err)
	}
	p := f.openIntake(t, dibao)
	fillDibao(t, p)
	test.Tap(p.accept)
	if p.last == nil || p.last.Notice.QueryURL != "https://zwfw.example.gov.cn/progress?no="+p.last.Case.No {
		t.Fatalf("notice = %+v", p.last)
	}
	pdf, _ := os.ReadFile(p.last.PDF)
	if text, _ := pdftext.Text(pdf); !strings.Contains(text, "扫码查询进度、评价服务") || !strings.Contains(text, p.last.Notice.QueryURL) {
		t.Errorf("the receipt does not point at the progress page:\n%s", text)
	}
}

// TestApplicantIDFillsSexAndBirthDate: the applicant's valid ID number
// fills sex and birth date, the case keeps them, and a sex entered before
// that disagrees is refused naming the field.
func TestApplicantIDFillsSexAndBirthDate(t *testing.T) {
	f := newFixture(t)
	p := f.openIntake(t, dibao)
	fillDibao(t, p)
	if v := p.applicant.Values(); v["sex"] != "女" || v["birth_date"] != "1949-12-31" {
		t.Fatalf("applicant after the ID: sex %v, birth date %v", v["sex"], v["birth_date"])
	}
	test.Tap(p.accept)
	if p.last == nil || p.last.Case == nil {
		t.Fatalf("accept failed: %q", p.msg.Text)
	}
	if a := p.last.Case.Applicant; a.Sex != "女" || a.BirthDate != "1949-12-31" {
		t.Errorf("the case keeps sex %q, birth date %q", a.Sex, a.BirthDate)
	}

	q := newFixture(t).openIntake(t, dibao)
	q.applicant.Set("sex", "男")
	fillDibao(t, q)
	test.Tap(q.accept)
	if q.last != nil && q.last.Case != nil {
		t.Fatal("a sex that disagrees with the ID was accepted")
	}
	if msg := q.applicant.Message("sex"); !strings.Contains(msg, "“性别”与“公民身份号码”中的性别（女）不一致") {
		t.Errorf("sex message %q", msg)
	}
}
