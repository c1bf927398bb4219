package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
	"yichuang/hall"
)

// syncPage shows the link to the provincial platform and everything that
// has not reached it: records sent back with the platform's reason (each
// with 重试), changes from the platform that could not merge, and the
// queue in order. 立即同步 starts an attempt at once.
type syncPage struct {
	env     *Env
	shown   string // what the screen shows, to redraw only on a change
	summary *fyne.Container
	queue   *fyne.Container
	body    *fyne.Container // holds both: laid out again when either grows
	now     *widget.Button
	reg     *registerForm // an admin's registration of an unregistered desk (syncregister.go)
}

// syncQueueLimit is how many entries the screen lists.
const syncQueueLimit = 200

func newSyncPage(e *Env) Page {
	p := &syncPage{env: e, summary: container.NewVBox(), queue: container.NewVBox()}
	p.body = container.NewVBox(p.summary, widget.NewSeparator(), p.queue)
	p.now = widget.NewButtonWithIcon(T("sync.now", "立即同步"), theme.ViewRefreshIcon(), p.syncNow)
	p.now.Importance = widget.HighImportance
	p.reg = newRegisterForm(e, p)
	return p
}

func (p *syncPage) Content() fyne.CanvasObject {
	head := container.NewHBox(heading(T("sync.title", "与省级平台同步")), p.now)
	return container.NewBorder(head, nil, nil, nil, container.NewVScroll(p.body))
}

func (p *syncPage) syncNow() {
	if p.env.Sync != nil {
		p.env.Sync.SyncNow()
	}
	p.Refresh()
}

type syncData struct {
	link           linkView
	platform, desk string
	entries        []hall.QueueEntry
}

func (p *syncPage) Refresh() {
	ctl := p.env.Sync
	Go(p.env, func(ctx context.Context) (syncData, error) { return p.load(ctx, ctl) }, p.show)
}

func (p *syncPage) load(ctx context.Context, ctl hall.SyncController) (syncData, error) {
	var d syncData
	var err error
	if d.link, err = loadLink(ctx, p.env, ctl); err != nil {
		return d, err
	}
	if d.platform, err = p.env.Settings.Setting(ctx, hall.SettingPlatform); err != nil {
		return d, err
	}
	if d.desk, err = p.env.Settings.Setting(ctx, hall.SettingDeskCode); err != nil {
		return d, err
	}
	if p.env.SyncQueue != nil {
		d.entries, err = p.env.SyncQueue.SyncQueue(ctx, syncQueueLimit)
	}
	return d, err
}

// tick is the status bar's periodic refresh while this screen is on show:
// it redraws only when something changed, so a 重试 under the pointer stays
// put.
func (p *syncPage) tick() {
	ctl := p.env.Sync
	Go(p.env, func(ctx context.Context) (syncData, error) { return p.load(ctx, ctl) }, func(d syncData) {
		if d.signature() != p.shown {
			p.show(d)
		}
	})
}

func (d syncData) signature() string {
	st := d.link.status
	return fmt.Sprint(d.link.registered, d.link.counts, st.Online, st.Running, st.Activity, st.LastAttempt,
		st.LastSuccess, st.LastDelivered, st.LastError, st.Busy, st.NextAttempt, st.SkewWarning, st.AuditWarning, len(d.entries))
}

func (p *syncPage) show(d syncData) {
	p.shown = d.signature()
	if d.link.registered {
		p.now.Enable()
	} else {
		p.now.Disable()
	}
	p.summary.Objects = p.summaryRows(d)
	p.summary.Refresh()
	p.queue.Objects = p.queueRows(d)
	p.queue.Refresh()
	p.body.Refresh()
}

func (p *syncPage) summaryRows(d syncData) []fyne.CanvasObject {
	st, c := d.link.status, d.link.counts
	rows := []fyne.CanvasObject{importantField(T("sync.link", "连接"), linkText(d.link), linkImportance(d.link))}
	if !d.link.registered {
		return append(rows, widget.NewSeparator(), emptyState(T("sync.unregistered.title", "本窗口尚未注册到平台"),
			T("sync.unregistered.hint2", "所有办件都已保存在本机，可离线继续受理。管理员向平台申请注册码后，在下面填写平台地址和注册码完成注册，之后办件会自动同步。")),
			p.reg.content())
	}
	rows = append(rows, field(T("sync.platform", "平台地址"), d.platform), field(T("sync.desk", "窗口编码"), d.desk),
		field(T("sync.last.success", "上次成功"), orNever(st.LastSuccess.IsZero(), shortTime(st.LastSuccess))),
		field(T("sync.last.delivered", "上次上传"), orNever(st.LastDelivered.IsZero(), shortTime(st.LastDelivered))),
		field(T("sync.last.attempt", "上次尝试"), orNever(st.LastAttempt.IsZero(), shortTime(st.LastAttempt))))
	if st.Running && st.Activity != "" {
		rows = append(rows, field(T("sync.activity", "正在"), st.Activity))
	} else if !st.NextAttempt.IsZero() && st.LastError != "" {
		rows = append(rows, field(T("sync.next", "下次尝试"), shortTime(st.NextAttempt)))
	}
	switch {
	case st.Busy:
		rows = append(rows, importantField(T("sync.busy", "平台繁忙"), busyText(st), widget.WarningImportance))
	case st.LastError != "":
		rows = append(rows, dangerField(T("sync.error", "最近错误"), st.LastError))
	}
	if st.SkewWarning != "" {
		rows = append(rows, dangerField(T("sync.clock", "本机时钟"), st.SkewWarning))
	}
	if st.AuditWarning != "" {
		rows = append(rows, dangerField(T("sync.audit", "审计日志"), st.AuditWarning))
	}
	counts := fmt.Sprintf(T("sync.counts", "待同步 %d 项（同步中 %d，等待前序记录 %d）；被退回 %d 项；扫描件待上传 %d 个、被退回 %d 个；未能并入的平台更新 %d 条"),
		c.Pending, c.Sending, c.Held, c.Parked, c.FilesPending, c.FilesParked, c.Conflicts)
	return append(rows, field(T("sync.queue", "队列"), counts))
}

// queueRows lists the entries, those that need someone first, each
// sent-back one with its reason and a 重试 button.
func (p *syncPage) queueRows(d syncData) []fyne.CanvasObject {
	if len(d.entries) == 0 {
		if !d.link.registered {
			return nil
		}
		return []fyne.CanvasObject{emptyState(T("sync.empty.title", "全部已同步"),
			T("sync.empty.hint", "本窗口的办件、扫描件都已到达省级平台，平台的更新也已接收。"))}
	}
	rows := []fyne.CanvasObject{heading(fmt.Sprintf(T("sync.list", "未到达平台的记录（前 %d 条）"), len(d.entries)))}
	for _, e := range d.entries {
		rows = append(rows, p.entryRow(e))
	}
	return rows
}

func (p *syncPage) entryRow(e hall.QueueEntry) fyne.CanvasObject {
	state := widget.NewLabelWithStyle(string(e.State), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	if e.State == hall.SyncRejected {
		state.Importance = widget.DangerImportance
	}
	what := widget.NewLabel(orDash(e.CaseNo) + "　" + e.What)
	reason := wrap.NewLabel(e.Reason)
	left := container.NewHBox(container.NewGridWrap(fyne.NewSize(72, 36), state), container.NewGridWrap(fyne.NewSize(380, 36), what))
	var right fyne.CanvasObject
	if e.State == hall.SyncRejected && p.env.SyncQueue != nil {
		kind, key := e.Kind, e.Key
		label := T("sync.retry", "重试")
		if kind == hall.QueueConflict {
			label = T("sync.retry.merge", "再次并入")
		}
		right = widget.NewButtonWithIcon(label, theme.MediaReplayIcon(), func() { p.retry(kind, key) })
	}
	return container.NewBorder(nil, nil, left, right, reason)
}

func (p *syncPage) retry(kind hall.QueueKind, key string) {
	Go(p.env, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, p.env.SyncQueue.Retry(ctx, kind, key)
	}, func(struct{}) { p.syncNow() })
}

// syncText is the 同步 column of the case list: the state, and for a case
// the platform sent back, its reason (without the case number the row
// shows already).
func syncText(c hall.CaseSummary) string {
	if c.Sync != hall.SyncRejected || c.SyncNote == "" {
		return string(c.Sync)
	}
	note := strings.TrimSpace(strings.ReplaceAll(c.SyncNote, c.No, ""))
	for _, w := range []string{"办件编号", "办件"} {
		note = strings.TrimSpace(strings.TrimPrefix(note, w))
	}
	return string(c.Sync) + "：" + note
}

func dangerField(label, value string) fyne.CanvasObject {
	return importantField(label, value, widget.DangerImportance)
}

func importantField(label, value string, imp widget.Importance) fyne.CanvasObject {
	f := field(label, value)
	if b, ok := f.(*fyne.Container); ok && len(b.Objects) > 0 {
		if l, ok := b.Objects[0].(*widget.Label); ok {
			l.Importance = imp
		}
	}
	return f
}

func orNever(never bool, s string) string {
	if never {
		return T("sync.never", "从未")
	}
	return s
}
