//go:build ximtest

package ime

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	deskdata "yichuang/desk"
	"yichuang/hall"
	"yichuang/testsupport/pdftext"
)

// The clerk's whole errand without the mouse, in the real window with
// fcitx5 pinyin: log in, find 内地居民结婚登记 by typing 结婚登记 in pinyin,
// open the intake, fill every required field of both partners, tick the
// materials, 受理 with Ctrl+Enter, and Enter prints the receipt. Only
// xdotool's keys reach the window; what arrived is read back from the
// desk's database and from the file handed to the system's viewer.
func TestFcitx5KeyboardWalk(t *testing.T) {
	d := start(t)
	began := time.Now()

	// 登录: the login name has the focus; a Latin name with pinyin off
	// (as a clerk switches it off), the passwords with it on: the window
	// keeps it out of password fields.
	d.pinyin(false)
	d.typeText("wangkun")
	d.expect("登录名", "wangkun")
	d.pinyin(true)
	d.key("Tab")
	at := d.caretMoved(rect{}, "密码")
	d.typeText(clerkFirst)
	d.key("Return")
	at = d.caretMoved(at, "新密码")
	d.typeText(clerkPW)
	d.key("Tab")
	d.typeText(clerkPW)
	d.key("Return")

	// 事项目录: the search box has the focus; 结婚登记 in pinyin.
	var search rect
	d.until("the caret in the search box", 20*time.Second, func() bool {
		var ok bool
		search, ok = d.caret()
		return ok && search.Y < 100
	})
	time.Sleep(Every + 100*time.Millisecond)
	d.typeText("jiehundengji") // one phrase: 登记, not 等级
	d.key("space")
	d.expect("搜索框", "结婚登记")
	time.Sleep(500 * time.Millisecond) // the results follow the typing
	d.key("Return")

	// 受理: the applicant's name has the focus.
	name := d.caretMoved(search, "申请人姓名")
	time.Sleep(Every + 100*time.Millisecond)
	d.typeText("zhangsan")
	d.key("space")
	d.expect("申请人姓名", "张三")
	d.key("Tab")
	id := d.caretMoved(name, "公民身份号码")
	d.typeText("11010519491231002X")
	d.expect("公民身份号码", "11010519491231002X")
	d.key("Tab", "Tab", "Tab") // 性别 and 出生日期, which the ID number filled
	phone := d.caretMoved(id, "联系电话")
	d.typeText("13800138000")
	d.expect("联系电话", "13800138000")
	d.key("Tab", "Tab") // 联系地址 stays empty
	spouse := d.caretMoved(phone, "对方姓名")
	time.Sleep(Every + 100*time.Millisecond)
	d.composeNear("对方姓名", "lisi") // the candidates at the caret, far down the form
	d.key("3")                    // 1. 李斯 2. sisi 3. 李四: the clerk picks by its digit
	d.expect("对方姓名", "李四")
	d.key("Tab")
	d.caretMoved(spouse, "对方公民身份号码")
	d.typeText("110105199001010010")
	d.expect("对方公民身份号码", "110105199001010010")
	// 对方性别, a select its hint says takes digits: 1. 男; 对方出生日期
	// (filled); 对方民族 (left); 对方 and 本人婚姻状况: 1. 未婚; 对方职业 and
	// 预约登记日期 (left); 颁证仪式: 2. 否.
	d.key("Tab")
	d.selectDigit("1")
	d.key("Tab", "Tab", "Tab")
	// 对方婚姻状况: ↓ opens its list, numbered; 1 picks from it.
	time.Sleep(400 * time.Millisecond)
	d.key("Down")
	time.Sleep(time.Second)
	d.shot("numbered-select")
	d.key("1")
	d.key("Tab")
	d.selectDigit("1")
	d.key("Tab", "Tab", "Tab")
	d.selectDigit("2")
	// 材料核验: past 全部收齐, each original ticked with Space (the first
	// material also has a scan button and an e-licence number field).
	d.key("Tab", "Tab", "space", "Tab", "Tab", "Tab", "space", "Tab", "Tab", "space")
	// Back to the first material's 电子证照 number, a plain entry that would
	// keep Ctrl+Enter to itself: the window's key hook hands it on.
	d.key("shift+Tab", "shift+Tab", "shift+Tab")
	time.Sleep(500 * time.Millisecond)
	d.shot("materials") // scrolled into view as the Tabs reached them
	d.key("ctrl+Return")

	// 受理 done: 打印 has the focus, Enter hands the receipt to the viewer.
	d.until("the result of 受理 (no caret: 打印 has the focus)", 30*time.Second, func() bool {
		_, ok := d.caret()
		return !ok
	})
	// 好差评: the pad over the window takes 1–5 and Enter (the applicant's
	// keys); Esc does not close it. Then 打印 has the focus again.
	time.Sleep(2 * time.Second)
	d.shot("rating")
	d.key("Escape")
	d.key("1")
	time.Sleep(300 * time.Millisecond)
	d.key("Return")
	time.Sleep(2 * time.Second)
	d.key("Return")
	var receipt string
	d.until("the receipt handed to the viewer", 15*time.Second, func() bool {
		files, _ := filepath.Glob(filepath.Join(d.printed, "*.pdf"))
		if len(files) == 1 {
			receipt = files[0]
		}
		return receipt != ""
	})
	t.Logf("login to printed receipt: %.1f s", time.Since(began).Seconds())

	// Ctrl+3 from 打印: 办件, the list has the focus; Enter opens the case
	// (a dialog: the window dims), Esc closes it, the list has the focus
	// again (Enter opens it once more), Ctrl+1 puts the caret in the
	// search box.
	clear := d.pixel(640, 400)
	d.key("ctrl+3")
	time.Sleep(2 * time.Second)
	d.key("Return")
	d.until("the case's dialog", 10*time.Second, func() bool { return d.pixel(1270, 400) != clear })
	d.shot("case-dialog")
	d.key("Escape")
	d.until("the dialog to close", 10*time.Second, func() bool { return d.pixel(1270, 400) == clear })
	d.shot("after-dialog")
	d.key("Return")
	d.until("the case's dialog again (the list kept the focus)", 10*time.Second, func() bool { return d.pixel(1270, 400) != clear })
	d.key("ctrl+1") // behind the dialog: nothing
	time.Sleep(time.Second)
	// A value of the case with the focus (selectable text, as when a clerk
	// selects the case number to copy it: found by Tab, the first thing that
	// answers Ctrl+C) does not keep the case's Alt shortcuts: Alt+W opens
	// 撤回's form, whose reason field shows a caret; Esc closes the form only.
	onValue := false
	for i := 0; i < 10 && !onValue; i++ {
		d.key("Tab")
		c := d.cmd("xclip", "-i", "-selection", "clipboard")
		c.Stdin = strings.NewReader("\x01none")
		must(t, c.Run())
		d.key("ctrl+c")
		time.Sleep(300 * time.Millisecond)
		onValue = d.outQuiet("xclip", "-o", "-selection", "clipboard") != "\x01none"
	}
	if !onValue {
		t.Fatal("Tab reached no value of the case that copies")
	}
	if _, ok := d.caret(); ok {
		t.Fatal("a caret in the case before Alt+W")
	}
	d.key("alt+w")
	d.until("撤回's form from a value with the focus", 10*time.Second, func() bool { _, ok := d.caret(); return ok })
	d.key("Escape")
	d.until("撤回's form to close", 10*time.Second, func() bool { _, ok := d.caret(); return !ok })
	d.key("Escape")
	d.until("the dialog to close", 10*time.Second, func() bool { return d.pixel(1270, 400) == clear })
	if _, ok := d.caret(); ok {
		t.Error("Ctrl+1 behind the dialog switched to 事项目录 (a caret is drawn)")
	}
	d.key("ctrl+1")
	d.until("the caret in the search box after Ctrl+1", 10*time.Second, func() bool {
		c, ok := d.caret()
		return ok && c.Y < 100
	})
	// Alt+1 is 常用事项 1, the item just taken: its code in the search box,
	// and Alt's release opens no menu (the search box keeps the keys).
	d.pinyin(false)
	d.key("alt+1")
	d.expect("Alt+1 in the search box", "000107001001")

	// What the desk holds: the app ends, the test opens its data.
	d.app.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { d.app.Process.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		d.app.Process.Kill()
	}
	ctx := hall.AsDesk(context.Background())
	dk, err := deskdata.Open(ctx, d.data, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dk.Close()
	// The clerk's login opens the desk's key, as in the window.
	u, err := dk.DB.Users().Login(ctx, "wangkun", clerkPW)
	if err != nil {
		t.Fatalf("the clerk's new password: %v", err)
	}
	ctx = hall.AsUser(ctx, u)
	cases, err := dk.DB.Cases().ListCases(ctx, hall.CaseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 1 {
		t.Fatalf("%d cases in the desk, want 1: %+v", len(cases), cases)
	}
	s := cases[0]
	if s.ItemName != "内地居民结婚登记" || s.ApplicantName != "张三" || s.State != hall.StateAccepted {
		t.Errorf("the case: %+v", s)
	}
	c, _, err := dk.DB.Cases().Case(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Stored sealed, shown masked; the full ID number and phone as the
	// window reveals them (audited).
	a := c.Applicant
	if a.Name != "张三" || a.IDNumber != "1101**********002X" || a.Phone != "138****8000" || a.Sex != "女" {
		t.Errorf("the applicant: %+v", a)
	}
	for field, want := range map[string]string{"id_number": "11010519491231002X", "phone": "13800138000"} {
		if got, err := dk.DB.Privacy().Reveal(ctx, c.ID, field); err != nil || got != want {
			t.Errorf("the applicant's %s: %q (%v), want %q", field, got, err, want)
		}
	}
	if found, err := dk.DB.Privacy().FindByIDNumber(ctx, "11010519491231002X"); err != nil || len(found) != 1 {
		t.Errorf("the typed ID number finds %d cases (%v), want this one", len(found), err)
	}
	form := string(c.Form)
	for _, want := range []string{`"spouse_name":"李四"`, `"spouse_gender":"男"`, `"spouse_birth":"1990-01-01"`,
		`"spouse_marital":"未婚"`, `"self_marital":"未婚"`, `"ceremony":"否"`} {
		if !strings.Contains(form, want) {
			t.Errorf("the form lacks %s: %s", want, form)
		}
	}
	got := 0
	for _, m := range c.Materials {
		if m.Originals > 0 {
			got++
		}
	}
	if got != 3 {
		t.Errorf("%d of 3 materials received: %+v", got, c.Materials)
	}
	pdf, err := os.ReadFile(receipt)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"受理回执", c.No, "内地居民结婚登记", "张三", "1101**********002X"} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed receipt lacks %q", want)
		}
	}
}

// shot photographs the screen into IME_SHOTS, if set.
func (d *desk) shot(name string) {
	if dir := os.Getenv("IME_SHOTS"); dir != "" {
		d.try("import", "-window", "root", filepath.Join(dir, name+".png"))
	}
}

// pixel is the colour of the screen at x, y.
func (d *desk) pixel(x, y int) color.RGBA {
	d.t.Helper()
	b, err := d.cmd("import", "-window", "root", "-crop", fmt.Sprintf("1x1+%d+%d", x, y), "png:-").Output()
	if err != nil {
		d.t.Fatalf("import: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		d.t.Fatal(err)
	}
	r, g, bl, a := img.At(img.Bounds().Min.X, img.Bounds().Min.Y).RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), uint8(a >> 8)}
}

// selectDigit picks a select's option by its digit once the focus has
// settled on it (a select draws no caret to wait for).
func (d *desk) selectDigit(digit string) {
	d.t.Helper()
	time.Sleep(400 * time.Millisecond)
	d.key(digit)
}
