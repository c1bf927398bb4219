package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// loginClerk creates clerk wangkun (as the admin) if need be, logs out and
// logs in as the clerk, changing the first password.
func (f *lockFixture) loginClerk(t *testing.T) {
	t.Helper()
	if _, err := f.desk.DB.Users().CreateUser(f.shell.env.Ctx(), hall.NewUser{Name: "wangkun", DisplayName: "王堃",
		Role: hall.RoleClerk, Password: "Wang#Kun2026"}); err != nil {
		t.Fatal(err)
	}
	f.lock.Logout()
	f.login(t, "wangkun", "Wang#Kun2026")
	es := f.cardEntries()
	test.Type(es[0], "Kun#Wang2027")
	test.Type(es[1], "Kun#Wang2027")
	f.tapCard("修改并继续")
	if f.lock.Locked() {
		t.Fatalf("clerk still locked: %q", allText(f.lock.layer))
	}
}

// windowText is every text the shell's screens hold, on show or not.
func (f *lockFixture) windowText() string {
	var b strings.Builder
	for _, id := range f.shell.order {
		c := f.shell.pages[id].Content()
		b.WriteString(allText(c))
		walk(c, func(o fyne.CanvasObject) {
			if e, ok := o.(*widget.Entry); ok {
				b.WriteString(e.Text + "\n")
			}
		})
	}
	return b.String()
}

func TestLogoutLeavesNothingOfThePreviousUser(t *testing.T) {
	f := newLockFixture(t)
	f.setupAdmin(t)
	// A (the admin) searches the catalog, opens an application and types a
	// name, opens the draft box's search, and leaves a dialog open.
	fyne.DoAndWait(func() { f.shell.Show(ScreenCatalog) })
	test.Type(f.shell.pages[ScreenCatalog].(*catalogPage).filter, "最低生活")
	fyne.DoAndWait(func() {
		f.shell.pages[ScreenCatalog].(*catalogPage).used(&hall.SearchHit{Code: dibao, Name: "最低生活保障审核确认"})
	})
	p := f.openIntake(t, dibao)
	typeIn(t, p, "applicant", "name", "甲某人")
	fyne.DoAndWait(func() { f.shell.intake.showList() })
	test.Type(f.shell.intake.list.search, "甲某")
	showMessage(f.win, "甲的对话框", "甲的消息")
	before := f.windowText()
	for _, want := range []string{"最低生活", "甲某"} {
		if !strings.Contains(before, want) {
			t.Fatalf("A's screens lack %q before the logout", want)
		}
	}

	f.loginClerk(t)
	after := f.windowText()
	for _, never := range []string{"最低生活保障审核确认", "甲某", "最低生活"} {
		if strings.Contains(after, never) {
			t.Errorf("B finds A's %q after logging in", never)
		}
	}
	if ov := f.win.Canvas().Overlays().List(); len(ov) != 0 {
		t.Errorf("A's dialog is back over B's screens: %d overlays", len(ov))
	}
	if f.shell.Current() != ScreenCatalog || f.shell.intake.view != nil {
		t.Errorf("B starts on %s with an intake open: %v", f.shell.Current(), f.shell.intake.view != nil)
	}
	// A's application was saved, not lost: it waits in the desk's draft box.
	if l, _ := f.desk.DB.Drafts().ListDrafts(hall.AsDesk(context.Background()), "甲某人", 0); len(l) != 1 {
		t.Errorf("A's draft: %+v", l)
	}
	// B's 常用事项 and recent searches are B's own.
	if got, _ := f.shell.env.recents().RecentSearches(5); len(got) != 0 {
		t.Errorf("B's recent searches: %v", got)
	}
}

func TestClerkSeesSettingsReadOnly(t *testing.T) {
	f := newLockFixture(t)
	f.setupAdmin(t)
	fyne.DoAndWait(func() { f.shell.Show(ScreenSettings) })
	sp := f.shell.pages[ScreenSettings].(*settingsPage)
	eventually(t, "settings loaded", func() bool { return sp.entries[hall.SettingDeskCode].Text == "01" })
	if sp.entries[hall.SettingHallName].Disabled() || !sp.saveBtn.Visible() || sp.who.Visible() {
		t.Fatal("the admin's settings are not editable")
	}
	f.loginClerk(t)
	fyne.DoAndWait(func() { f.shell.Show(ScreenSettings) })
	sp = f.shell.pages[ScreenSettings].(*settingsPage)
	eventually(t, "settings loaded", func() bool { return sp.entries[hall.SettingDeskCode].Text == "01" })
	for k, en := range sp.entries {
		if !en.Disabled() {
			t.Errorf("a clerk may type into %s", k)
		}
	}
	for _, en := range []*widget.Entry{sp.deadline.remaining, sp.deadline.share, sp.deadline.ntc} {
		if !en.Disabled() {
			t.Error("a clerk may type into the time-limit settings")
		}
	}
	if sp.saveBtn.Visible() || sp.deadline.saveBtn.Visible() {
		t.Error("a clerk is offered 保存")
	}
	if !sp.who.Visible() || !strings.Contains(sp.who.Text, "只有管理员可以修改") || !strings.Contains(sp.who.Text, "王堃（窗口人员）") {
		t.Errorf("the line saying who may change them: %q", sp.who.Text)
	}
	// Were a save tried anyway, the refused value does not stay on screen.
	fyne.DoAndWait(func() { sp.entries[hall.SettingHallName].SetText("窗口人员改的名字") })
	fyne.DoAndWait(sp.save)
	eventually(t, "the stored value back", func() bool { return sp.entries[hall.SettingHallName].Text == "清河县政务服务中心" })
	if v, _ := f.desk.DB.Setting(hall.AsDesk(context.Background()), hall.SettingHallName); v != "清河县政务服务中心" {
		t.Errorf("a clerk changed the hall's name: %q", v)
	}
}

func TestStatusBarCountsTheAcceptAtOnce(t *testing.T) {
	f := newFixture(t)
	bar := f.shell.status
	if !strings.Contains(bar.pending.Text, "待同步 0 项") {
		t.Fatalf("before: %q", bar.pending.Text)
	}
	p := f.openIntake(t, dibao)
	fillDibao(t, p)
	test.Tap(p.accept)
	if p.last == nil || p.last.Case == nil {
		t.Fatalf("accept failed: %q", p.msg.Text)
	}
	// No screen change, no tick: the bar counts 收件 and 受理 already.
	if !strings.Contains(bar.pending.Text, "待同步 2 项") {
		t.Errorf("right after 受理 the bar says %q", bar.pending.Text)
	}
}

func TestCaseDetailShowsEveryCapturedFieldMasked(t *testing.T) {
	f := newFixture(t)
	p := f.openIntake(t, dibao)
	fillDibao(t, p)
	typeIn(t, p, "applicant", "address", "清河县人民路1号院3单元")
	test.Tap(p.accept)
	if p.last == nil || p.last.Case == nil {
		t.Fatalf("accept failed: %q", p.msg.Text)
	}
	d, err := loadCaseDetail(hall.AsDesk(context.Background()), f.shell.env, p.last.Case.ID)
	if err != nil {
		t.Fatal(err)
	}
	view := d.content(f.shell.env)
	test.NewTempWindow(t, view)
	text := allText(view)
	for _, want := range []string{"联系地址", "清河县人民路******", "性别", "女", "出生日期", "1949-**-**", "138****5678"} {
		if !strings.Contains(text, want) {
			t.Errorf("the case detail lacks %q:\n%s", want, text)
		}
	}
	for _, never := range []string{"1号院3单元", "1949-12-31", "13812345678"} {
		if strings.Contains(text, never) {
			t.Errorf("the case detail shows %q unmasked", never)
		}
	}
}
