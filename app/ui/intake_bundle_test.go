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

	apptheme "yichuang/app/theme"
	"yichuang/hall"
	"yichuang/testsupport/pdftext"
)

// retire is the demo bundle 退休一件事: 养老金申领, 公积金提取 and 医保信息变更,
// whose plain forms share their fields and whose materials share 居民身份证.
const retire = "YJS341122003"

// shot saves the window for a person to look at (YICHUANG_UI_SHOTS=DIR).
func (f *fixture) shot(t *testing.T, name string) {
	dir := os.Getenv("YICHUANG_UI_SHOTS")
	if dir == "" {
		return
	}
	out, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	fyne.DoAndWait(func() { png.Encode(out, f.win.Canvas().Capture()) })
}

// TestBundleTakenInThroughTheScreens: the clerk finds 退休一件事 in 事项目录
// (marked 一件事, its guide listing its items), opens it with Enter, types
// the applicant once and the one form, leaves and comes back through the
// draft box, receives the one materials list and accepts: three linked
// cases, their events in the outbox, one receipt listing them all.
func TestBundleTakenInThroughTheScreens(t *testing.T) {
	f := newCatalogFixture(t)
	fyne.CurrentApp().Settings().SetTheme(apptheme.New()) // the bundled CJK font, as the window has
	f.win.Resize(fyne.NewSize(1280, 800))
	ctx := hall.AsDesk(context.Background())
	p := f.catalog()
	eventually(t, "listed", func() bool { return p.res != nil && p.res.total > 0 })
	test.Type(p.filter, "退休")
	at := -1
	for i := 0; i < min(p.res.total, 3); i++ {
		if h := p.res.hit(i); h.Code == retire && h.Bundle {
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("退休 → %v: 退休一件事 not in the first three, marked as a bundle", p.names())
	}
	for i := 0; i < at; i++ {
		p.filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	}
	eventually(t, "the bundle's guide", func() bool {
		s := allText(p.detail.box)
		return p.detail.code == retire && strings.Contains(s, "本事项包含 3 个事项") && strings.Contains(s, "离退休提取住房公积金")
	})
	if s := allText(p.Content()); !strings.Contains(s, "【一件事】退休一件事") || !strings.Contains(s, "一件事一次办") {
		t.Errorf("the result row does not mark the bundle:\n%s", s)
	}
	f.shot(t, "bundle-search.png")

	p.filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	eventually(t, "the bundle's intake", func() bool {
		ip := f.shell.intake
		return ip.view != nil && ip.item != nil && ip.item.Code == retire && ip.bundle != nil
	})
	ip := f.shell.intake
	// One form: reason, phone, address and delivery once, not three times.
	keys := map[string]int{}
	for _, fd := range ip.schema.Fields {
		keys[fd.Key]++
	}
	if len(ip.schema.Fields) != 5 || keys["contact_phone"] != 1 || keys["agent_name"] != 1 {
		t.Errorf("the bundle's form has %d fields: %v", len(ip.schema.Fields), keys)
	}
	// One materials list: 居民身份证 once though every member asks for it.
	n := 0
	for _, r := range ip.materials.rows {
		if r.m.Name == "居民身份证" {
			n++
		}
	}
	if len(ip.materials.rows) != 7 || n != 1 {
		t.Errorf("%d materials, 居民身份证 %d times", len(ip.materials.rows), n)
	}
	if s := allText(ip.view); !strings.Contains(s, "本次一并办理的事项") || !strings.Contains(s, "企业职工基本养老保险待遇申领") {
		t.Errorf("the intake does not list the bundle's items:\n%s", s)
	}
	typeIn(t, ip, "applicant", "name", "周桂兰")
	typeIn(t, ip, "applicant", "id_number", "11010519491231002X")
	typeIn(t, ip, "applicant", "phone", "13905507788")
	typeIn(t, ip, "form", "agent_name", "周桂兰")
	typeIn(t, ip, "form", "reason", "到龄退休，一并办理养老金、公积金和医保")
	typeIn(t, ip, "form", "contact_phone", "13905507788")
	ip.form.Set("delivery", "邮寄送达")
	fyne.DoAndWait(func() { ip.scroll.ScrollToTop() })
	f.shot(t, "bundle-intake.png")
	fyne.DoAndWait(func() { ip.scroll.ScrollToOffset(fyne.NewPos(0, 620)) })
	f.shot(t, "bundle-intake-form.png")

	// Leave: the bundle's draft is saved; back through the draft box.
	fyne.DoAndWait(func() { f.shell.Show(ScreenCases) })
	l, err := f.desk.DB.Drafts().ListDrafts(ctx, "周桂兰", 0)
	if err != nil || len(l) != 1 || l[0].ItemCode != retire {
		t.Fatalf("draft box: %+v, %v", l, err)
	}
	fyne.DoAndWait(func() { f.shell.Show(ScreenIntake) })
	fyne.DoAndWait(func() { ip.showList() })
	eventually(t, "the draft listed", func() bool { return len(ip.list.rows) == 1 })
	fyne.DoAndWait(func() { ip.list.list.Select(0) })
	eventually(t, "the reopened bundle", func() bool { return ip.view != nil && ip.bundle != nil && ip.item.Code == retire })
	if ip.applicant.Values()["name"] != "周桂兰" || ip.form.Values()["delivery"] != "邮寄送达" {
		t.Fatalf("reopened values: %v %v", ip.applicant.Values(), ip.form.Values())
	}

	test.Tap(ip.materials.all)
	test.Tap(ip.accept)
	res := ip.last
	if res == nil || len(res.Cases) != 3 {
		t.Fatalf("after 受理: %+v; message %q", res, ip.msg.Text)
	}
	link := res.Cases[0].Bundle
	for i, c := range res.Cases {
		stored, evs, err := f.desk.DB.Cases().Case(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.State != hall.StateAccepted || stored.Bundle == nil || stored.Bundle.ID != link.ID || stored.Bundle.Part != i+1 ||
			len(evs) != 2 || !strings.Contains(string(stored.Form), "邮寄送达") {
			t.Errorf("case %d: %+v, %d events", i+1, stored, len(evs))
		}
	}
	if st, _ := f.desk.DB.OutboxStats(ctx); st.Pending != 6 {
		t.Errorf("outbox pending %d, want 6 (收件 and 受理 of three cases)", st.Pending)
	}
	if l, _ := f.desk.DB.Drafts().ListDrafts(ctx, "", 0); len(l) != 0 {
		t.Errorf("the draft is still open: %+v", l)
	}
	pdf, err := os.ReadFile(res.PDF)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"受理回执", "退休一件事", "周桂兰", res.Cases[0].No, res.Cases[1].No, res.Cases[2].No,
		"企业职工基本养老保险待遇申领", "离退休提取住房公积金"} {
		if !strings.Contains(text, want) {
			t.Errorf("the receipt lacks %q", want)
		}
	}
	// Once as the applicant's 证件类型, once as a material (every member asks for it).
	if c := strings.Count(text, "居民身份证"); c != 2 {
		t.Errorf("居民身份证 printed %d times on the receipt, want 2", c)
	}
	if s := allText(f.shell.intake.stack); !strings.Contains(s, "共 3 个办件") || !strings.Contains(s, res.Cases[2].No) {
		t.Errorf("the result does not list the cases:\n%s", s)
	}
	f.shot(t, "bundle-result.png")
	// Each case's detail names its bundle and its place in it.
	d, err := loadCaseDetail(ctx, f.shell.env, res.Cases[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if s := allText(d.content(f.shell.env)); !strings.Contains(s, "退休一件事（第 2 件，共 3 件）") {
		t.Errorf("the second case's detail does not name its bundle:\n%s", s)
	}
	if dir := os.Getenv("YICHUANG_UI_SHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "bundle-receipt.pdf"), pdf, 0o644)
	}
}

// TestBundleDecidedOnceForAllItsCases: at the window a bundle takes one
// decision for all its items. 补正告知 with nothing received opens the three
// cases in 补正 in one go with one notice naming, for each missing material,
// the cases that need it; 不予受理, once confirmed, refuses all three with
// one notice. 仅收件, which has no notice for a bundle, is not offered.
func TestBundleDecidedOnceForAllItsCases(t *testing.T) {
	f := newCatalogFixture(t)
	ctx := hall.AsDesk(context.Background())
	fill := func(ip *intakePage) { fillRetire(t, ip) }
	ip := f.openIntake(t, retire)
	if ip.bundle == nil || ip.receive.Visible() {
		t.Fatalf("bundle %v, 仅收件 shown %v", ip.bundle != nil, ip.receive.Visible())
	}
	fill(ip)
	test.Tap(ip.correct)
	res := ip.last
	if res == nil || len(res.Cases) != 3 {
		t.Fatalf("after 补正告知: %+v; message %q", res, ip.msg.Text)
	}
	for i, c := range res.Cases {
		if stored, _, err := f.desk.DB.Cases().Case(ctx, c.ID); err != nil || stored.State != hall.StateCorrection {
			t.Errorf("case %d: %+v, %v", i+1, stored, err)
		}
	}
	if st, _ := f.desk.DB.OutboxStats(ctx); st.Pending != 6 {
		t.Errorf("outbox pending %d, want 6 (收件 and 补正 of three cases)", st.Pending)
	}
	if s := allText(ip.stack); !strings.Contains(s, "办件 3（"+res.Cases[2].ItemName+"）") || !strings.Contains(s, res.Cases[2].Reason) {
		t.Errorf("the result does not say what each case lacks:\n%s", s)
	}
	pdf, err := os.ReadFile(res.PDF)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := pdftext.Text(pdf)
	for _, want := range []string{"补正", "退休一件事", res.Cases[0].No, res.Cases[1].No, res.Cases[2].No, "居民身份证", "第 1、2、3 项"} {
		if !strings.Contains(text, want) {
			t.Errorf("the correction notice lacks %q:\n%s", want, text)
		}
	}

	ip = f.openIntake(t, retire)
	fill(ip)
	typeIn(t, ip, "notes", "text", "申请人未达到法定退休年龄")
	test.Tap(ip.refuse)
	ok, isKey := f.win.Canvas().Focused().(*keyButton)
	if !isKey || ip.last != res {
		t.Fatalf("不予受理 not confirmed first: %T, %+v", f.win.Canvas().Focused(), ip.last)
	}
	ok.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if ip.last == res || ip.last == nil || len(ip.last.Cases) != 3 {
		t.Fatalf("after 不予受理: %+v; message %q", ip.last, ip.msg.Text)
	}
	res = ip.last
	for i, c := range res.Cases {
		if c.State != hall.StateRefused {
			t.Errorf("case %d is %s", i+1, c.State)
		}
	}
	pdf, _ = os.ReadFile(res.PDF)
	if text, _ = pdftext.Text(pdf); !strings.Contains(text, "不予受理") || !strings.Contains(text, "申请人未达到法定退休年龄") {
		t.Errorf("the refusal notice:\n%s", text)
	}
}

// fillRetire types the applicant and the one form of 退休一件事.
func fillRetire(t *testing.T, ip *intakePage) {
	t.Helper()
	typeIn(t, ip, "applicant", "name", "周桂兰")
	typeIn(t, ip, "applicant", "id_number", "11010519491231002X")
	typeIn(t, ip, "applicant", "phone", "13905507788")
	typeIn(t, ip, "form", "agent_name", "周桂兰")
	typeIn(t, ip, "form", "reason", "到龄退休")
	typeIn(t, ip, "form", "contact_phone", "13905507788")
	ip.form.Set("delivery", "窗口领取")
}

// TestBundleRatedOnceAtThePad: after 退休一件事's 受理 the pad names the
// bundle and its three items, not a case number, and the applicant's one
// rating is recorded for each of the three cases. A bundle the applicant
// did not rate at once is rated later from any of its cases' detail, again
// once for all three.
func TestBundleRatedOnceAtThePad(t *testing.T) {
	f := newCatalogFixture(t)
	fyne.CurrentApp().Settings().SetTheme(apptheme.New()) // the bundled CJK font, as the window has
	f.win.Resize(fyne.NewSize(1280, 800))
	ctx := hall.AsDesk(context.Background())
	accept := func() *intakeResult {
		ip := f.openIntake(t, retire)
		fillRetire(t, ip)
		test.Tap(ip.materials.all)
		test.Tap(ip.accept)
		if ip.last == nil || len(ip.last.Cases) != 3 {
			t.Fatalf("after 受理: %+v; message %q", ip.last, ip.msg.Text)
		}
		return ip.last
	}
	ratedAll := func(res *intakeResult, want hall.RatingLevel) {
		t.Helper()
		for i, c := range res.Cases {
			stored, evs, err := f.desk.DB.Cases().Case(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			r, ok := stored.Rated(hall.StageAccept)
			if !ok || r.Level != want || r.Channel != hall.ChannelWindow || len(stored.Ratings) != 1 ||
				evs[len(evs)-1].Action != hall.ActRate {
				t.Errorf("case %d (%s): ratings %+v", i+1, c.ItemName, stored.Ratings)
			}
		}
	}
	res := accept()
	pad := f.shell.env.rating
	if pad == nil || f.win.Canvas().Overlays().Top() == nil || pad.stage != hall.StageAccept {
		t.Fatal("no rating after the bundle's 受理")
	}
	text := allText(pad.content)
	for _, want := range []string{"请您对本次受理服务进行评价", "「退休一件事（3 件）」", "一次评价，计入以下每个办件",
		res.Cases[0].ItemName, res.Cases[1].ItemName, res.Cases[2].ItemName} {
		if !strings.Contains(text, want) {
			t.Errorf("the pad lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, res.Cases[0].No) {
		t.Errorf("the pad names one case's number for the bundle:\n%s", text)
	}
	f.shot(t, "bundle-rating.png")
	f.win.Canvas().OnTypedRune()('2')
	f.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.shell.env.rating != nil {
		t.Fatalf("the pad stays open: %q", pad.msg.Text)
	}
	ratedAll(res, hall.RateGood)
	if st, _ := f.desk.DB.OutboxStats(ctx); st.Pending != 9 {
		t.Errorf("outbox pending %d, want 9 (收件, 受理 and 好差评 of three cases)", st.Pending)
	}
	// Rated: no member asks again.
	fyne.DoAndWait(func() { f.shell.env.AskRating(res.Cases[1], hall.StageAccept, nil) })
	if f.shell.env.rating != nil {
		t.Error("a rated bundle asked again from its second case")
	}

	// The next applicant declines at once and comes back: the third case's
	// detail offers the rating, which counts for the bundle.
	res = accept()
	if f.shell.env.rating == nil {
		t.Fatal("no rating after the second bundle's 受理")
	}
	test.Tap(f.shell.env.rating.later)
	openCase(t, f, res.Cases[2].ID, false)
	test.Tap(findButton(t, f.win.Canvas().Overlays().Top(), "请申请人评价受理服务"))
	eventually(t, "the pad from the case", func() bool { return f.shell.env.rating != nil })
	if text := allText(f.shell.env.rating.content); !strings.Contains(text, "「退休一件事（3 件）」") {
		t.Errorf("the pad from the third case does not rate the bundle:\n%s", text)
	}
	f.win.Canvas().OnTypedRune()('1')
	f.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	eventually(t, "the pad closed", func() bool { return f.shell.env.rating == nil })
	ratedAll(res, hall.RateVeryGood)
}
