package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"yichuang/hall"
)

var ctrl = fyne.KeyModifierShortcutDefault

func TestEveryScreenSwitchFocusesItsFirstField(t *testing.T) {
	f := newCatalogFixture(t)
	c := f.win.Canvas()
	// A case, so that 办件 and 时限监督 list something.
	p := f.openIntake(t, dibao)
	fillDibao(t, p)
	focusDownAndAccept(t, f, p)
	laterRating(t, f)
	want := map[ScreenID]fyne.Focusable{
		ScreenCatalog:  f.catalog().filter,
		ScreenIntake:   p.printBtn,
		ScreenCases:    f.shell.pages[ScreenCases].(*casesPage).table,
		ScreenDeadline: f.shell.pages[ScreenDeadline].(*deadlinePage).filters.show,
		ScreenSync:     nil, // 立即同步 is off on a desk not registered: nothing
		ScreenSettings: f.shell.pages[ScreenSettings].(*settingsPage).entries[settingFields[0].key],
	}
	for i, id := range f.shell.order {
		// Ctrl+1…6 from inside whatever field has the focus.
		if !f.shell.WindowKey(screenKeys[i], ctrl) {
			t.Errorf("Ctrl+%d was not the window's", i+1)
		}
		if f.shell.Current() != id {
			t.Fatalf("Ctrl+%d showed %s, want %s", i+1, f.shell.Current(), id)
		}
		if w := want[id]; c.Focused() != w {
			t.Errorf("%s: the focus is on %T, want its first field %T", id, c.Focused(), w)
		}
	}
	f.shell.Show(ScreenCatalog)
	if c.Focused() != f.catalog().filter {
		t.Errorf("back on 事项目录 the focus is on %T", c.Focused())
	}
	// Keys that are not the window's stay the field's.
	for _, k := range []struct {
		key fyne.KeyName
		mod fyne.KeyModifier
	}{{fyne.KeyEscape, 0}, {fyne.KeyA, 0}, {fyne.KeyC, ctrl}, {fyne.KeyV, ctrl}, {fyne.KeyZ, ctrl},
		{fyne.KeyA, ctrl}, {fyne.KeyZ, ctrl | fyne.KeyModifierShift}} {
		if f.shell.WindowKey(k.key, k.mod) {
			t.Errorf("the window took %v+%s from the search box", k.mod, k.key)
		}
	}
}

func TestDialogsTakeTheWindowsKeysAndGiveTheFocusBack(t *testing.T) {
	f := newCatalogFixture(t)
	c := f.win.Canvas()
	search := f.catalog().filter
	if c.Focused() != search {
		t.Fatalf("after the start the focus is on %T, want the search box", c.Focused())
	}

	// A dialog over the search box: the screens, save and the like do
	// nothing behind it; copy and paste stay the dialog's fields'; Esc
	// closes it and the search box has the focus again.
	showMessage(f.win, "提示", "一条消息")
	if c.Overlays().Top() == nil {
		t.Fatal("no dialog")
	}
	for _, k := range []fyne.KeyName{fyne.Key3, fyne.KeyS, fyne.KeyP, fyne.KeyReturn} {
		if !f.shell.WindowKey(k, ctrl) {
			t.Errorf("Ctrl+%s went on behind the dialog", k)
		}
	}
	if !f.shell.WindowKey(fyne.Key1, fyne.KeyModifierAlt) {
		t.Error("Alt+1 (常用事项) went on behind the dialog")
	}
	if f.shell.Current() != ScreenCatalog {
		t.Errorf("Ctrl+3 behind the dialog switched to %s", f.shell.Current())
	}
	if f.shell.WindowKey(fyne.KeyV, ctrl) || f.shell.WindowKey(fyne.KeyC, ctrl) {
		t.Error("the window took paste or copy from the dialog")
	}
	if !f.shell.WindowKey(fyne.KeyEscape, 0) {
		t.Error("Esc was not the window's with a dialog open")
	}
	if c.Overlays().Top() != nil {
		t.Fatal("Esc left the dialog open")
	}
	if c.Focused() != search {
		t.Errorf("after the dialog the focus is on %T, want the search box", c.Focused())
	}

	// Two dialogs: Esc closes the top one only; the focus comes back when
	// the last one goes.
	confirmAction(f.win, "确认", "第一个", "确定", func() {})
	showMessage(f.win, "提示", "第二个")
	f.shell.WindowKey(fyne.KeyEscape, 0)
	if n := len(c.Overlays().List()); n != 1 {
		t.Fatalf("Esc over two dialogs left %d open, want 1", n)
	}
	f.shell.WindowKey(fyne.KeyEscape, 0)
	if c.Overlays().Top() != nil || c.Focused() != search {
		t.Errorf("after both: dialog open %v, focus on %T", c.Overlays().Top() != nil, c.Focused())
	}

	// Nothing focused when the dialog opened (a click on a button of 设置):
	// the screen's first field gets the focus when it closes.
	f.shell.Show(ScreenSettings)
	c.Unfocus()
	showMessage(f.win, "提示", "设置")
	f.shell.WindowKey(fyne.KeyEscape, 0)
	first := f.shell.pages[ScreenSettings].(*settingsPage).entries[settingFields[0].key]
	if c.Focused() != first {
		t.Errorf("after a dialog on 设置 the focus is on %T, want its first field", c.Focused())
	}

	// A dialog whose answer switches screens (到期提醒 → 时限监督): the new
	// screen's first field, not the field the dialog opened over.
	f.shell.Show(ScreenCatalog)
	confirmAction(f.win, "确认", "切换", "查看", func() {})
	f.shell.Show(ScreenSettings) // as an answer's action does while the dialog is still up
	f.shell.WindowKey(fyne.KeyEscape, 0)
	if c.Focused() != first {
		t.Errorf("the screen changed under a dialog: focus on %T, want 设置's first field", c.Focused())
	}
}

// focusDownAndAccept moves the focus down a filled intake form and accepts
// it. A Tab onto the materials (no form field: they do not scroll the form
// themselves) brings them into view; onto the buttons below the form, which
// are always in view, moves nothing.
func focusDownAndAccept(t *testing.T, f *fixture, p *intakePage) {
	t.Helper()
	c := f.win.Canvas()
	d := fyne.CurrentApp().Driver()
	inView := func(o fyne.CanvasObject) bool {
		y := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(p.scroll).Y
		return y >= 0 && y+o.Size().Height <= p.scroll.Size().Height
	}
	p.scroll.ScrollToTop()
	if inView(p.materials.all) {
		t.Fatal("the materials are in view at the form's top: the window is too tall for this check")
	}
	c.Focus(p.materials.all)
	f.shell.revealFocused()
	if !inView(p.materials.all) {
		t.Error("the focused 全部收齐 was not scrolled into view")
	}
	at := p.scroll.Offset
	c.Focus(p.accept)
	f.shell.revealFocused()
	if p.scroll.Offset != at {
		t.Errorf("focusing 受理 below the form scrolled it from %v to %v", at, p.scroll.Offset)
	}
	test.Tap(p.accept)
	if p.last == nil || p.last.Case == nil {
		t.Fatalf("no case: %q", p.msg.Text)
	}
}

func TestAcceptFocusesPrintWhichEnterPressesAndEnterOpensTheCase(t *testing.T) {
	f := newCatalogFixture(t)
	c := f.win.Canvas()
	p := f.openIntake(t, dibao)
	if c.Focused() != p.applicant.Field("name") {
		t.Errorf("the open form's focus is on %T, want 申请人姓名", c.Focused())
	}
	fillDibao(t, p)
	focusDownAndAccept(t, f, p)
	// 好差评 asks first; once the pad has gone, 打印 has the focus.
	laterRating(t, f)
	if c.Focused() != p.printBtn || p.printBtn == nil {
		t.Fatalf("after 受理 the focus is on %T, want 打印", c.Focused())
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got := f.documents(); len(got) != 1 || got[0] != p.last.PDF {
		t.Errorf("Enter on 打印 opened %v, want the receipt %s", got, p.last.PDF)
	}

	// Away and back: 打印 again.
	f.shell.WindowKey(fyne.Key1, ctrl)
	f.shell.WindowKey(fyne.Key2, ctrl)
	if c.Focused() != p.printBtn {
		t.Errorf("back on 受理 the focus is on %T, want 打印", c.Focused())
	}

	// 办件: the list has the focus; Enter opens the highlighted case, Esc
	// closes it and the list has the focus again.
	f.shell.WindowKey(fyne.Key3, ctrl)
	cases := f.shell.pages[ScreenCases].(*casesPage)
	if c.Focused() != cases.table {
		t.Fatalf("办件: the focus is on %T, want the list", c.Focused())
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	top := c.Overlays().Top()
	if top == nil || !strings.Contains(allText(top), p.last.Case.No) {
		t.Fatalf("Enter in the list opened no case %s", p.last.Case.No)
	}
	f.shell.WindowKey(fyne.KeyEscape, 0)
	if c.Overlays().Top() != nil || c.Focused() != cases.table {
		t.Errorf("Esc: the case is open %v, focus on %T", c.Overlays().Top() != nil, c.Focused())
	}
}

// TestEveryDialogGoesThroughShowDialog reads the screens' sources: a dialog
// shown by its own Show would escape Esc and the focus rules.
func TestEveryDialogGoesThroughShowDialog(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	made := regexp.MustCompile(`(\w+)\s*:?=\s*dialog\.New\w*\(`)
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "focus.go" {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		if m := regexp.MustCompile(`dialog\.Show\w*\(`).FindString(src); m != "" {
			t.Errorf("%s: %s… shows a dialog past showDialog", name, m)
		}
		for _, m := range made.FindAllStringSubmatch(src, -1) {
			if regexp.MustCompile(`\b` + m[1] + `\.Show\(\)`).MatchString(src) {
				t.Errorf("%s: %s.Show() shows a dialog past showDialog", name, m[1])
			}
		}
	}
}

// canvasWindow is the test window with a canvas that records the
// shortcuts handed to it (Fyne's headless canvas has no TypedShortcut;
// the real window's does, and the keyboard walk in app/ime uses it).
type canvasWindow struct {
	fyne.Window
	c fyne.Canvas
}

func (w canvasWindow) Canvas() fyne.Canvas { return w.c }

func TestWindowShortcutsReachTheCanvasFromAnyField(t *testing.T) {
	f := newCatalogFixture(t)
	rc := &recordingCanvas{Canvas: f.win.Canvas()}
	f.shell.env.Window = canvasWindow{f.win, rc}
	defer func() { f.shell.env.Window = f.win }()
	alt := fyne.KeyModifierAlt
	for _, k := range []struct {
		key  fyne.KeyName
		mod  fyne.KeyModifier
		took bool
	}{{fyne.KeyS, ctrl, true}, {fyne.KeyReturn, ctrl, true}, {fyne.KeyP, ctrl, true}, {fyne.Key1, alt, true},
		{fyne.KeyC, ctrl, false}, {fyne.KeyV, ctrl, false}, {fyne.KeyA, ctrl, false}, {fyne.KeyS, 0, false}} {
		before := len(rc.got)
		if took := f.shell.WindowKey(k.key, k.mod); took != k.took {
			t.Errorf("%v+%s: the window took it %v, want %v", k.mod, k.key, took, k.took)
		}
		if k.took && (len(rc.got) != before+1 || rc.got[before].ShortcutName() !=
			(&desktop.CustomShortcut{KeyName: k.key, Modifier: k.mod}).ShortcutName()) {
			t.Errorf("%v+%s did not reach the canvas: %v", k.mod, k.key, rc.got[before:])
		}
	}
	// Behind a dialog none of them goes anywhere.
	showMessage(f.win, "提示", "对话框")
	before := len(rc.got)
	for _, k := range []fyne.KeyName{fyne.KeyS, fyne.KeyReturn, fyne.KeyP} {
		if !f.shell.WindowKey(k, ctrl) {
			t.Errorf("Ctrl+%s went on behind the dialog", k)
		}
	}
	if len(rc.got) != before {
		t.Errorf("behind the dialog the canvas got %v", rc.got[before:])
	}
}

// laterRating answers the 好差评 pad that follows 受理 with 暂不评价.
func laterRating(t *testing.T, f *fixture) {
	t.Helper()
	r := f.shell.env.rating
	if r == nil {
		t.Fatal("no 好差评 pad after 受理")
	}
	test.Tap(r.later)
	if f.win.Canvas().Overlays().Top() != nil {
		t.Fatal("暂不评价 left a dialog open")
	}
}

// TestNoShortcutActsBehindTheRatingPad: 受理 from a case reopens it with the
// 好差评 pad over it. Alt+J (办结), by the window's key hook or by the
// canvas with nothing focused (where Fyne sends a shortcut nobody takes),
// does nothing until the pad has gone; then it opens 办结.
func TestNoShortcutActsBehindTheRatingPad(t *testing.T) {
	f := newFixture(t)
	c := f.win.Canvas()
	cs := receiveOnly(t, f, dogs)
	v := openCase(t, f, cs.ID, false)
	_, v = act(t, f, v, fyne.KeyA, nil, nil)
	if v == nil || v.d.c.State != hall.StateAccepted {
		t.Fatalf("受理 from the case: %v", v)
	}
	pad := f.shell.env.rating
	if pad == nil {
		t.Fatal("no 好差评 pad after 受理")
	}
	if top := c.Overlays().Top(); top == nil || !strings.Contains(allText(top), "暂不评价") {
		t.Fatal("the 好差评 pad is not on top of the reopened case")
	}
	fyne.DoAndWait(c.Unfocus)
	alt := shortcut(fyne.KeyJ)
	if !f.shell.WindowKey(fyne.KeyJ, fyne.KeyModifierAlt) {
		t.Error("the window let Alt+J through behind the 好差评 pad")
	}
	// What the canvas's shortcut runs (bindKeys), as Fyne does with
	// nothing focused.
	if v.typed(alt) || v.form != nil {
		t.Fatal("Alt+J opened 办结 behind the 好差评 pad")
	}
	test.Tap(pad.later)
	if f.shell.env.rating != nil {
		t.Fatal("暂不评价 left the pad open")
	}
	if !f.shell.WindowKey(fyne.KeyJ, fyne.KeyModifierAlt) || v.form == nil {
		t.Fatal("with the pad gone Alt+J did not open 办结")
	}
}

// TestCaseShortcutsFromASelectableLabel: a value in the case dialog that the
// clerk clicked or tabbed into (a selectable label, which takes every
// shortcut Fyne gives it) does not keep the case's Alt shortcuts.
func TestCaseShortcutsFromASelectableLabel(t *testing.T) {
	f := newFixture(t)
	c := f.win.Canvas()
	cs := receiveOnly(t, f, dogs)
	v := openCase(t, f, cs.ID, false)
	var label fyne.Focusable
	for i := 0; i < 200 && label == nil; i++ {
		fyne.DoAndWait(c.FocusNext)
		if o := c.Focused(); o != nil {
			if _, ok := o.(fyne.Shortcutable); ok {
				if _, ok := o.(interface{ SelectedText() string }); ok {
					label = o
				}
			}
		}
	}
	if label == nil {
		t.Fatal("Tab reached no selectable value in the case dialog")
	}
	if !f.shell.WindowKey(fyne.KeyB, fyne.KeyModifierAlt) || v.form == nil {
		t.Fatalf("Alt+B (补正告知) from a selectable value (%T) opened nothing", label)
	}
}
