package ui

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
	"yichuang/desk"
	"yichuang/hall"
	"yichuang/seed"
)

// engineView stands for the sync engine: the screens only read its status
// and call SyncNow. The queue behind it is the real store's.
type engineView struct {
	st    hall.SyncStatus
	kicks atomic.Int32
}

func (e *engineView) SyncStatus() hall.SyncStatus { return e.st }
func (e *engineView) SyncNow()                    { e.kicks.Add(1) }

// syncFixture builds the shell over a real desk with four cases; the first
// case's first record was sent back by the platform.
func syncFixture(t *testing.T, eng hall.SyncController) (*Shell, *desk.Desk, fyne.Window) {
	t.Helper()
	ctx, f := openDeskWindow(t, "")
	dk := f.desk
	if _, err := seed.Cases(ctx, dk, seed.Options{Cases: 2, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	ops, err := dk.DB.Sync().NextOps(ctx, 1, 1<<20)
	if err != nil || len(ops) != 1 {
		t.Fatal(ops, err)
	}
	if err := dk.DB.Sync().SettleOps(ctx, []hall.OpResult{{Seq: ops[0].Seq, Verdict: hall.OpRejected,
		Code: "invalid", Message: "办件申请人信息有误：公民身份号码校验位不正确"}}); err != nil {
		t.Fatal(err)
	}
	sh := f.deskShell(ctx, f.testOptions(), func(s *Services) {
		if eng != nil {
			s.Sync = eng
		}
	})
	f.win.SetContent(sh.Content())
	sh.Start(time.Hour)
	return sh, dk, f.win
}

func TestStatusBarShowsLinkQueueAndErrors(t *testing.T) {
	sh, _, _ := syncFixture(t, nil)
	bar := sh.status
	eventually(t, "unregistered", func() bool { return strings.Contains(bar.link.Text, "尚未注册") })
	if !strings.Contains(bar.pending.Text, "待同步 3 项") || !strings.Contains(bar.pending.Text, "被退回 1 项") {
		t.Errorf("pending: %q", bar.pending.Text)
	}

	eng := &engineView{st: hall.SyncStatus{Registered: true, Online: false,
		SyncLog: hall.SyncLog{LastAttempt: time.Now(), LastSuccess: time.Now().Add(-time.Hour), LastError: "无法连接省级平台（网络中断、过慢或超时），稍后自动重试"}}}
	sh, _, _ = syncFixture(t, eng)
	bar = sh.status
	eventually(t, "offline", func() bool { return bar.link.Text == "● 离线" })
	if !strings.Contains(bar.problem.Text, "无法连接省级平台") || !strings.HasPrefix(bar.last.Text, "上次同步") {
		t.Errorf("error %q, last %q", bar.problem.Text, bar.last.Text)
	}
	eng.st.Online, eng.st.LastError, eng.st.SkewWarning = true, "", "本机时钟比省级平台快约 10 分钟，请校准系统时间"
	fyne.DoAndWait(bar.Refresh)
	eventually(t, "online", func() bool { return bar.link.Text == "● 在线" })
	if !strings.Contains(bar.problem.Text, "快约 10 分钟") {
		t.Errorf("clock warning: %q", bar.problem.Text)
	}
	// A busy platform is not a failure: the bar says so, when the desk tries
	// again, and that nothing is lost; so does the sync screen.
	next := time.Now().Add(17 * time.Second)
	eng.st.SkewWarning, eng.st.Busy, eng.st.NextAttempt = "", true, next
	eng.st.LastError = "省级平台繁忙，暂未接收；本机记录都在，稍后自动重发"
	fyne.DoAndWait(bar.Refresh)
	// On the hall's clock, as 办件 shows times, whatever the PC's zone.
	want := "省级平台繁忙，" + hall.HallTime(next).Format("15:04:05") + " 自动重试；办件都已保存在本机"
	eventually(t, "busy", func() bool { return bar.problem.Text == want })
	if bar.problem.Importance != widget.WarningImportance || bar.link.Text != "● 在线" {
		t.Errorf("busy: %q %v, link %q", bar.problem.Text, bar.problem.Importance, bar.link.Text)
	}
	sh.Show(ScreenSync)
	p := sh.pages[ScreenSync].(*syncPage)
	eventually(t, "the sync screen's busy row", func() bool {
		busy, failed := false, false
		walk(p.summary, func(o fyne.CanvasObject) {
			if l, ok := o.(*widget.Label); ok {
				busy = busy || l.Text == want
				failed = failed || l.Text == "最近错误"
			}
			if l, ok := o.(*wrap.Label); ok {
				busy = busy || l.Text == want
			}
		})
		return busy && !failed
	})
	// 连接 there is the bar's colour too: green when online.
	linkGreen := false
	walk(p.summary, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Text == "● 在线" {
			linkGreen = l.Importance == widget.SuccessImportance
		}
	})
	if !linkGreen {
		t.Error("the sync screen's 连接 is not shown as the status bar shows it")
	}
}

func TestSyncScreenListsParkedRecordsWithRetry(t *testing.T) {
	eng := &engineView{st: hall.SyncStatus{Registered: true, Online: true, SyncLog: hall.SyncLog{LastAttempt: time.Now()}}}
	sh, dk, _ := syncFixture(t, eng)
	sh.Show(ScreenSync)
	p := sh.pages[ScreenSync].(*syncPage)
	var retry *widget.Button
	eventually(t, "the parked record with its reason", func() bool {
		retry = nil
		reason := false
		walk(p.queue, func(o fyne.CanvasObject) {
			switch w := o.(type) {
			case *wrap.Label:
				reason = reason || strings.Contains(w.Text, "公民身份号码校验位不正确")
			case *widget.Button:
				if w.Text == "重试" {
					retry = w
				}
			}
		})
		return reason && retry != nil
	})
	test.Tap(retry)
	c, _ := dk.DB.Sync().SyncCounts(hall.AsDesk(context.Background()))
	if c.Parked != 0 || c.Pending != 4 || eng.kicks.Load() == 0 {
		t.Errorf("after 重试: %+v, %d kicks", c, eng.kicks.Load())
	}
	// The case list shows the state, and the reason while it stood.
	rows, _ := dk.DB.Cases().ListCases(hall.AsDesk(context.Background()), hall.CaseFilter{})
	for _, r := range rows {
		if r.Sync != hall.SyncPending {
			t.Errorf("case %s after retry: %s", r.No, r.Sync)
		}
	}
	test.Tap(p.now)
	if eng.kicks.Load() < 2 {
		t.Error("立即同步 did not ask the engine")
	}
	// The link drops: the status bar's tick redraws the screen on show.
	eng.st.Online, eng.st.LastError = false, "无法连接省级平台（网络中断、过慢或超时），稍后自动重试"
	fyne.DoAndWait(sh.status.Refresh)
	eventually(t, "the error on the screen", func() bool {
		found := false
		walk(p.summary, func(o fyne.CanvasObject) {
			if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "无法连接省级平台") {
				found = true
			}
		})
		return found
	})
}

func TestCaseListShowsTheReason(t *testing.T) {
	c := hall.CaseSummary{No: "341122-20261123-01-0001", Sync: hall.SyncRejected,
		SyncNote: "办件编号 341122-20261123-01-0001 不属于本窗口注册的大厅（341122101）"}
	if got := syncText(c); got != "被退回：不属于本窗口注册的大厅（341122101）" {
		t.Errorf("syncText = %q", got)
	}
	if got := syncText(hall.CaseSummary{Sync: hall.SyncSending}); got != "同步中" {
		t.Errorf("syncText = %q", got)
	}
}
