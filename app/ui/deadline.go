package ui

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
)

// deadlinePage is the supervisor's screen (时限监督): the open cases'
// lights, the case list with its filters and sort order, statistics by
// department and clerk, a chart by department, and the Excel export.
type deadlinePage struct {
	env   *Env
	today func() calendar.Date // the hall's today; tests fix it

	board  *supervision.Board  // the last load, evaluated
	whole  bool                // board holds the finished cases too, not only the open ones
	gen    int                 // the newest load asked for; older answers are dropped
	filter supervision.Filter  // what the clerk chose
	sortBy supervision.Column  // and the sort order
	desc   bool                // descending
	view   deadlineView        // the board under filter and sort
	seq    int                 // the newest view asked for; older answers are dropped
	loaded func(*deadlinePage) // tests wait on this

	title, note *widget.Label
	counts      *fyne.Container
	filters     *deadlineFilters
	table       *widget.Table
	deptStats   *statsTable
	clerkStats  *statsTable
	itemStats   *statsTable
	chart       *departmentChart
	monthly     *monthlyPanel
	reasonForm  *reasonForm // the 超期原因 dialog while open (deadline_overdue.go)
	urgeForm    *urgeForm   // the 督办 dialog while open (deadline_scope.go)
	scope       supervision.Scope
	scopes      *scopeBar
	hallStats   *statsTable
	deskStats   *statsTable
	feedTabs    []*container.TabItem // 大厅统计, 窗口统计: only with the platform's feed (setFeed)
	feedNote    *wrap.Label          // why they are not there, for a supervisor
	tabs        *container.AppTabs
	stack       *fyne.Container
	full, empty fyne.CanvasObject

	warn *wrap.Label
}

func newDeadlinePage(e *Env) Page {
	p := &deadlinePage{env: e, today: func() calendar.Date { return calendar.Today(e.Clock) },
		sortBy: supervision.ColLight, title: heading(""), note: widget.NewLabel(""), warn: wrap.NewLabel("")}
	p.warn.Importance = widget.DangerImportance
	p.counts = container.NewGridWithColumns(5)
	p.filters = newDeadlineFilters(p)
	p.table = p.newCaseTable()
	p.table.OnSelected = p.onCaseSelected // 超期原因 for an overdue case (deadline_overdue.go)
	p.deptStats = newStatsTable(T("deadline.stat.department", "部门"), true)
	p.clerkStats = newStatsTable(T("deadline.stat.clerk", "窗口人员"), true)
	p.itemStats = newStatsTable(T("deadline.stat.item", "事项（编码）"), false)
	p.itemStats.table.SetColumnWidth(0, 360) // item names run long
	p.hallStats = newStatsTable(T("deadline.stat.hall", "大厅"), false)
	p.deskStats = newStatsTable(T("deadline.stat.desk", "窗口"), false)
	p.hallStats.table.SetColumnWidth(0, 300)
	p.deskStats.table.SetColumnWidth(0, 300)
	p.scopes = newScopeBar(p)
	p.chart = newDepartmentChart()
	p.monthly = newMonthlyPanel(p) // deadline_monthly.go
	// Statistics need the finished cases too: they follow every filter but
	// the light, and say so.
	scope := func(o fyne.CanvasObject) fyne.CanvasObject {
		note := widget.NewLabel(T("deadline.stats.scope", "统计范围：按部门、人员、事项和受理日期筛选后的全部已受理办件（含已办结），不按亮灯筛选。"))
		note.Importance = widget.LowImportance
		return container.NewBorder(note, nil, nil, nil, o)
	}
	p.feedTabs = []*container.TabItem{
		container.NewTabItemWithIcon(T("deadline.tab.halls", "大厅统计"), theme.HomeIcon(), scope(p.hallStats.table)),
		container.NewTabItemWithIcon(T("deadline.tab.desks", "窗口统计"), theme.ComputerIcon(), scope(p.deskStats.table))}
	p.feedNote = wrap.NewLabel("")
	p.feedNote.Importance = widget.LowImportance
	p.feedNote.Hide()
	p.tabs = container.NewAppTabs( // 大厅统计 and 窗口统计 go after 事项统计 when there is a feed (setFeed)
		container.NewTabItemWithIcon(T("deadline.tab.cases", "办件清单"), theme.ListIcon(), p.table),
		container.NewTabItemWithIcon(T("deadline.tab.departments", "部门统计"), theme.GridIcon(), scope(p.deptStats.table)),
		container.NewTabItemWithIcon(T("deadline.tab.clerks", "人员统计"), theme.AccountIcon(), scope(p.clerkStats.table)),
		container.NewTabItemWithIcon(T("deadline.tab.items", "事项统计"), theme.DocumentIcon(), scope(p.itemStats.table)),
		container.NewTabItemWithIcon(T("deadline.tab.chart", "部门图表"), theme.MenuIcon(), scope(container.NewVScroll(p.chart.box))),
		container.NewTabItemWithIcon(T("deadline.tab.monthly", "月度报告"), theme.DocumentIcon(), p.monthly.box))
	p.monthly.watchTab(p.tabs)
	refresh := widget.NewButtonWithIcon(T("deadline.refresh", "刷新"), theme.ViewRefreshIcon(), p.Refresh)
	top := container.NewVBox(container.NewBorder(nil, nil, p.title, container.NewHBox(p.scopes.box, refresh), p.note),
		p.warn, p.feedNote, p.counts, p.filters.box)
	p.full = container.NewBorder(top, nil, nil, nil, p.tabs)
	p.empty = emptyState(T("deadline.empty.title", "暂无在办件"),
		T("deadline.empty.hint", "受理办件后，这里按承诺办结日期显示绿灯、黄灯、红灯和挂起的办件数，可按部门、事项、人员和受理日期筛选并导出Excel。"))
	// Until the first answer, say so: the empty state would claim there
	// are no open cases.
	p.stack = container.NewStack(container.NewCenter(widget.NewLabel(T("deadline.loading", "正在载入办件……"))))
	return p
}

func (p *deadlinePage) Content() fyne.CanvasObject { return p.stack }

// source is the store's supervisor query; the case service of the store
// provides it.
func (p *deadlinePage) source() (supervision.Service, bool) {
	s, ok := p.env.Cases.(supervision.Service)
	return s, ok
}

// Refresh loads in two steps, off the UI goroutine, keeping the clerk's
// filters: first the open cases (a few thousand on a busy desk), which make
// the screen usable at once, then every accepted case for the statistics
// and the finished ones (100,000 take about a second).
func (p *deadlinePage) Refresh() {
	p.refreshOpen(func() { p.refreshAll() })
}

// refreshOpen loads and shows the open cases, then runs next.
func (p *deadlinePage) refreshOpen(next func()) {
	src, ok := p.source()
	if !ok {
		p.stack.Objects = []fyne.CanvasObject{p.empty}
		p.stack.Refresh()
		return
	}
	p.gen++
	gen, today, scope := p.gen, p.today(), p.scope
	Go(p.env, func(ctx context.Context) (*supervision.Board, error) {
		return loadBoard(ctx, p.env, src, today, supervision.Query{OpenOnly: true, Scope: scope})
	}, func(b *supervision.Board) {
		if gen != p.gen {
			return
		}
		p.whole = false
		p.show(b)
		if next != nil {
			next()
		}
	})
}

// refreshAll loads every accepted case and shows them with the statistics.
func (p *deadlinePage) refreshAll() {
	src, ok := p.source()
	if !ok {
		return
	}
	gen, today, scope := p.gen, p.today(), p.scope
	Go(p.env, func(ctx context.Context) (*supervision.Board, error) {
		return loadBoard(ctx, p.env, src, today, supervision.Query{Scope: scope})
	}, func(b *supervision.Board) {
		if gen != p.gen {
			return
		}
		p.whole = true
		p.show(b)
	})
}

// loadBoard reads the thresholds and the cases and lights them on today.
func loadBoard(ctx context.Context, e *Env, src supervision.Service, today calendar.Date, q supervision.Query) (*supervision.Board, error) {
	set := supervision.DefaultSettings()
	if e.Settings != nil {
		raw, err := e.Settings.Setting(ctx, supervision.SettingKey)
		if err != nil {
			return nil, err
		}
		if s, err := supervision.ParseSettings(raw); err == nil {
			set = s
		} else if e.Log != nil {
			e.Log.Warn("deadline settings unreadable, defaults used", "err", err)
		}
	}
	snap, err := src.Supervise(ctx, q)
	if err != nil {
		return nil, err
	}
	return supervision.Evaluate(snap, today, set), nil
}

func (p *deadlinePage) show(b *supervision.Board) {
	p.board = b
	p.scopes.setHalls(b.Halls, b.Own)
	p.setFeed(len(b.Halls) > 0)
	if len(b.Rows) == 0 && b.Waiting == 0 && len(b.Halls) == 0 {
		if p.whole { // the open cases alone may be none while finished ones exist
			p.stack.Objects = []fyne.CanvasObject{p.empty}
			p.stack.Refresh()
			p.done()
		}
		return
	}
	p.title.SetText(T("deadline.title", "时限监督"))
	if p.whole {
		p.note.SetText(T("deadline.today", "统计日 {{.Day}}（{{.Weekday}}）　在办 {{.Open}} 件　已受理共 {{.All}} 件",
			map[string]any{"Day": b.Today.String(), "Weekday": weekdayName(b.Today), "Open": b.Open(), "All": len(b.Rows)}))
	} else {
		p.note.SetText(T("deadline.today.open", "统计日 {{.Day}}（{{.Weekday}}）　在办 {{.Open}} 件　正在载入已办结办件以计算统计……",
			map[string]any{"Day": b.Today.String(), "Weekday": weekdayName(b.Today), "Open": b.Open()}))
	}
	p.showWarning(b)
	p.showCounts(b)
	p.filters.setChoices(b)
	p.stack.Objects = []fyne.CanvasObject{p.full}
	p.stack.Refresh()
	p.recompute()
}

// feedTabsAt is where 大厅统计 and 窗口统计 go: after 事项统计.
const feedTabsAt = 4

// setFeed shows 大厅统计 and 窗口统计 only where the platform's supervision
// feed gives the hall's other windows and halls (docs/adr/0020): without it
// the desk knows its own cases only, and the two tables would stay empty.
// A supervisor is told why they are not there and what brings them; a
// clerk, who does not ask for them, is told nothing.
func (p *deadlinePage) setFeed(on bool) {
	has := len(p.tabs.Items) > feedTabsAt && p.tabs.Items[feedTabsAt] == p.feedTabs[0]
	switch {
	case on && !has:
		p.tabs.Items = slices.Insert(p.tabs.Items, feedTabsAt, p.feedTabs...)
		p.tabs.Refresh()
	case !on && has:
		sel := p.tabs.Selected()
		p.tabs.Items = slices.Delete(p.tabs.Items, feedTabsAt, feedTabsAt+len(p.feedTabs))
		if slices.Contains(p.feedTabs, sel) {
			p.tabs.SelectIndex(0)
		}
		p.tabs.Refresh()
	}
	u := p.env.user.Load() // the window's login (env.go)
	if on || u == nil || !u.Role.Can(hall.PermSupervise) {
		p.feedNote.Hide()
		return
	}
	if p.env.Sync == nil {
		p.feedNote.SetText(T("deadline.feed.unregistered", "本窗口未注册到省级平台，这里只统计本窗口受理的办件。大厅统计、窗口统计和“范围”需要平台下发的全大厅监督数据：注册并同步后显示。"))
	} else {
		p.feedNote.SetText(T("deadline.feed.none", "省级平台尚未下发本大厅的监督数据（平台不提供，或尚未同步到），这里只统计本窗口受理的办件。收到后显示大厅统计、窗口统计和“范围”。"))
	}
	p.feedNote.Show()
}

func (p *deadlinePage) done() {
	if p.loaded != nil {
		p.loaded(p)
	}
}

func weekdayName(d calendar.Date) string {
	return [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}[d.Weekday()]
}
