package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// statusBar shows, at the foot of every screen, whether the desk reaches
// the platform, how much work waits to be pushed, when sync last succeeded,
// what went wrong, and who is working.
type statusBar struct {
	env      *Env
	link     *widget.Label
	pending  *widget.Label
	last     *widget.Label
	problem  *widget.Label
	user     *widget.Label
	box      fyne.CanvasObject
	lastUser string // a login lets sealed records go: sync at once
}

func newStatusBar(e *Env) *statusBar {
	s := &statusBar{env: e, link: widget.NewLabel(""), pending: widget.NewLabel(""), last: widget.NewLabel(""),
		problem: widget.NewLabel(""), user: widget.NewLabel("")}
	s.problem.Truncation = fyne.TextTruncateEllipsis
	s.problem.Importance = widget.DangerImportance
	left := container.NewHBox(s.link, widget.NewSeparator(), s.pending, widget.NewSeparator(), s.last)
	s.box = container.NewBorder(nil, nil, left, container.NewHBox(widget.NewSeparator(), s.user), s.problem)
	return s
}

func (s *statusBar) Content() fyne.CanvasObject {
	return container.NewVBox(widget.NewSeparator(), s.box)
}

// linkView is what the status bar and the sync screen show of the link.
type linkView struct {
	registered bool
	status     hall.SyncStatus
	counts     hall.SyncCounts
}

// loadLink reads the counts and the engine's status (off the UI goroutine);
// ctl is the engine as the UI goroutine saw it (registering from 同步 sets it
// there).
func loadLink(ctx context.Context, e *Env, ctl hall.SyncController) (linkView, error) {
	v := linkView{registered: ctl != nil}
	if ctl != nil {
		v.status = ctl.SyncStatus()
	}
	var err error
	switch {
	case e.SyncQueue != nil:
		v.counts, err = e.SyncQueue.SyncCounts(ctx)
	case e.Outbox != nil:
		var st hall.OutboxStats
		st, err = e.Outbox.OutboxStats(ctx)
		v.counts = hall.SyncCounts{Pending: st.Pending, Parked: st.Parked, Oldest: st.Oldest}
	}
	return v, err
}

// Refresh reloads the bar's figures off the UI goroutine, and the sync
// screen's when it is on show.
func (s *statusBar) Refresh() {
	ctl := s.env.Sync
	Go(s.env, func(ctx context.Context) (linkView, error) { return loadLink(ctx, s.env, ctl) }, s.show)
	if sh := s.env.shell; sh != nil && sh.showing(ScreenSync) {
		if p, ok := sh.pages[ScreenSync].(*syncPage); ok {
			p.tick()
		}
	}
}

// Changed is what a screen calls, on the UI goroutine, right after an action
// committed: the status bar (待同步, the sync screen) counts it at once
// instead of at its next tick or screen change.
func (e *Env) Changed() {
	if e.shell != nil && e.shell.status != nil {
		e.shell.status.Refresh()
	}
}

// showing reports whether screen id is the one on show.
func (sh *Shell) showing(id ScreenID) bool {
	if sh.tabs == nil {
		return false
	}
	i := sh.tabs.SelectedIndex()
	return i >= 0 && i < len(sh.order) && sh.order[i] == id
}

func (s *statusBar) show(v linkView) {
	setLabel(s.link, linkText(v), linkImportance(v))
	setLabel(s.pending, pendingText(v.counts), s.pending.Importance)
	setLabel(s.last, lastText(v.status), s.last.Importance)
	switch {
	case v.status.SkewWarning != "":
		setLabel(s.problem, "⚠ "+v.status.SkewWarning, widget.WarningImportance)
	case v.status.AuditWarning != "":
		setLabel(s.problem, "⚠ "+T("status.audit", "审计日志：")+v.status.AuditWarning, widget.WarningImportance)
	case v.status.Busy:
		setLabel(s.problem, busyText(v.status), widget.WarningImportance)
	case v.status.LastError != "":
		setLabel(s.problem, T("status.error", "同步失败：")+v.status.LastError, widget.DangerImportance)
	default:
		setLabel(s.problem, "", s.problem.Importance)
	}
	s.showUser()
}

// setLabel changes a label only when its text or importance differ: the
// bar looks every few seconds, and each refresh repaints the whole window
// (with a dialog open, its overlay too), though mostly nothing changed.
func setLabel(l *widget.Label, text string, imp widget.Importance) {
	if l.Text == text && l.Importance == imp {
		return
	}
	l.Text, l.Importance = text, imp
	l.Refresh()
}

// showUser shows who is working (login.go says how) and, when someone new
// logs in, asks for a sync: records sealed at rest can be opened and sent.
func (s *statusBar) showUser() {
	setLabel(s.user, userStatus(s.env), s.user.Importance)
	var u *hall.User
	if s.env.Accounts != nil {
		u = s.env.Accounts.Current()
	}
	if u != nil && u.ID != s.lastUser && s.env.Sync != nil {
		s.env.Sync.SyncNow()
	}
	s.lastUser = ""
	if u != nil {
		s.lastUser = u.ID
	}
}

func linkText(v linkView) string {
	switch {
	case !v.registered:
		return T("status.offline.unregistered", "● 离线（尚未注册到平台）")
	case v.status.Running && v.status.Online:
		return T("status.syncing", "● 在线 · 同步中")
	case v.status.Online:
		return T("status.online", "● 在线")
	case v.status.LastAttempt.IsZero():
		return T("status.connecting", "● 正在连接平台")
	}
	return T("status.offline", "● 离线")
}

func linkImportance(v linkView) widget.Importance {
	switch {
	case v.registered && v.status.Online:
		return widget.SuccessImportance
	case v.registered && !v.status.LastAttempt.IsZero():
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

func pendingText(c hall.SyncCounts) string {
	text := fmt.Sprintf(T("status.pending", "待同步 %d 项"), c.Pending)
	if c.Sending > 0 {
		text += fmt.Sprintf(T("status.sending", "（同步中 %d）"), c.Sending)
	}
	if c.FilesPending > 0 {
		text += fmt.Sprintf(T("status.files", "，扫描件 %d 个"), c.FilesPending)
	}
	if n := c.Parked + c.FilesParked + c.Conflicts; n > 0 {
		text += fmt.Sprintf(T("status.parked", "，被退回 %d 项"), n)
	}
	return text
}

func lastText(st hall.SyncStatus) string {
	if st.LastError != "" && st.LastDelivered.After(st.LastSuccess) {
		// The round did not finish (a busy platform, a cut link), but
		// the platform took records in it.
		return T("status.delivered", "上次上传 ") + shortTime(st.LastDelivered)
	}
	if st.LastSuccess.IsZero() {
		return T("status.never", "尚未同步成功")
	}
	return T("status.last", "上次同步 ") + shortTime(st.LastSuccess)
}

// busyText tells the clerk that the platform turned the desk away as too
// busy, that nothing is lost, and when the desk tries again.
func busyText(st hall.SyncStatus) string {
	switch {
	case st.Running:
		return T("status.busy.now", "省级平台繁忙，正在重试；办件都已保存在本机")
	case st.NextAttempt.After(time.Now()):
		return fmt.Sprintf(T("status.busy", "省级平台繁忙，%s 自动重试；办件都已保存在本机"), shortTime(st.NextAttempt))
	}
	return T("status.busy.soon", "省级平台繁忙，稍后自动重试；办件都已保存在本机")
}

// shortTime is a time as a clerk reads it, on the hall's clock (hall.Zone,
// as 办件 shows times, never the PC's own zone): the clock today, else the date.
func shortTime(t time.Time) string {
	if hall.HallDay(t) == hall.HallDay(time.Now()) {
		return hall.HallTime(t).Format("15:04:05")
	}
	return hall.HallTime(t).Format("01-02 15:04")
}
