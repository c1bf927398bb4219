package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"yichuang/hall"
)

func TestAcceptAsksTheApplicantToRateOnce(t *testing.T) {
	f := newFixture(t)
	ctx := hall.AsDesk(context.Background())
	p := f.openIntake(t, dibao)
	fillDibao(t, p)
	test.Tap(p.accept)
	if p.last == nil || p.last.Case == nil {
		t.Fatalf("accept failed: %q", p.msg.Text)
	}
	pad := f.shell.env.rating
	if pad == nil || f.win.Canvas().Overlays().Top() == nil || pad.stage != hall.StageAccept {
		t.Fatal("no rating after 受理")
	}
	text := allText(pad.content)
	for _, want := range []string{"请您对本次受理服务进行评价", p.last.Case.No, "非常满意", "满意", "基本满意", "不满意", "非常不满意", "一次一评"} {
		if !strings.Contains(text, want) {
			t.Errorf("the rating lacks %q", want)
		}
	}
	if !pad.submit.Disabled() {
		t.Error("提交评价 before a level is chosen")
	}
	// The applicant presses 4 (不满意) on the keypad and submits without a reason.
	f.win.Canvas().OnTypedRune()('4')
	if pad.level != hall.RatePoor || pad.submit.Disabled() {
		t.Fatalf("key 4 chose %q", pad.level)
	}
	f.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !strings.Contains(pad.msg.Text, "请填写原因") {
		t.Errorf("不满意 without a reason: %q", pad.msg.Text)
	}
	if c, _, _ := f.desk.DB.Cases().Case(ctx, p.last.Case.ID); len(c.Ratings) != 0 {
		t.Fatalf("ratings after a refused one: %+v", c.Ratings)
	}
	test.Type(pad.reason, "等候时间太长")
	test.Tap(pad.submit)
	if f.shell.env.rating != nil || f.win.Canvas().Overlays().Top() != nil {
		t.Error("the rating stays open after it was given")
	}
	c, evs, err := f.desk.DB.Cases().Case(ctx, p.last.Case.ID)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := c.Rated(hall.StageAccept)
	if !ok || r.Level != hall.RatePoor || r.Reason != "等候时间太长" || r.Channel != hall.ChannelWindow ||
		evs[len(evs)-1].Action != hall.ActRate || c.State != hall.StateAccepted {
		t.Errorf("rating %+v, last event %+v", r, evs[len(evs)-1])
	}
	if st, _ := f.desk.DB.OutboxStats(ctx); st.Pending != 3 || !strings.Contains(f.shell.status.pending.Text, "待同步 3 项") {
		t.Errorf("outbox %d, bar %q: want 3 (收件, 受理, 好差评)", st.Pending, f.shell.status.pending.Text)
	}
	// Once given, the clerk cannot have it given again: nothing opens.
	fyne.DoAndWait(func() { f.shell.env.AskRating(c, hall.StageAccept, nil) })
	if f.shell.env.rating != nil {
		t.Error("a rated stage opened again")
	}
	// 时限监督 counts it by department and clerk: 1 rating, 0% 好评, 1 差评.
	fyne.DoAndWait(func() { f.shell.Show(ScreenDeadline) })
	dp := f.shell.pages[ScreenDeadline].(*deadlinePage)
	eventually(t, "the statistics", func() bool { return len(dp.clerkStats.rows) > 0 })
	for _, st := range []*statsTable{dp.deptStats, dp.clerkStats} {
		n := len(statColumns)
		for i := range st.rows {
			if got := [3]string{st.cell(i, n), st.cell(i, n+1), st.cell(i, n+2)}; got != [3]string{"1", "0.0%", "1"} {
				t.Errorf("%s row %q: rating columns %v", st.by, st.rows[i].Name, got)
			}
		}
	}
	if n := dp.itemStats.columns(); n != len(statColumns) {
		t.Errorf("the item table has %d columns", n)
	}
	d, err := loadCaseDetail(ctx, f.shell.env, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if txt := allText(d.content(f.shell.env)); !strings.Contains(txt, "受理：不满意（等候时间太长）") {
		t.Errorf("the case detail does not show the rating:\n%s", txt)
	}
}

func TestRatingOnTheApplicantsScreen(t *testing.T) {
	f := newFixture(t)
	ctx := hall.AsDesk(context.Background())
	if err := f.desk.DB.SetSetting(ctx, hall.SettingRatingWindow, "1"); err != nil {
		t.Fatal(err)
	}
	p := f.openIntake(t, dibao)
	fillDibao(t, p)
	test.Tap(p.accept)
	pad := f.shell.env.rating
	if pad == nil || pad.window == nil {
		t.Fatal("no rating window for the applicant's screen")
	}
	if f.win.Canvas().Overlays().Top() != nil {
		t.Error("the clerk's window is covered although the applicant has a screen")
	}
	pad.window.Canvas().OnTypedRune()('1')
	pad.window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.shell.env.rating != nil {
		t.Errorf("the rating window stays: %q", pad.msg.Text)
	}
	c, _, _ := f.desk.DB.Cases().Case(ctx, p.last.Case.ID)
	if r, ok := c.Rated(hall.StageAccept); !ok || r.Level != hall.RateVeryGood {
		t.Errorf("rating = %+v", c.Ratings)
	}
}
