package ui

import (
	"context"
	"slices"
	"strings"
	"time"
	"yichuang/hall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// catalogPage is 事项目录: a search box with results as the clerk types
// (name, code, pinyin), filters, a list that shows only the rows on screen
// of however many results, and the chosen item's 办事指南 beside it.
type catalogPage struct {
	env         *Env
	filter      *searchEntry
	dept        *widget.SelectEntry
	types       *widget.Select
	list        *widget.List
	count       *widget.Label
	recentBox   *fyne.Container
	recentStrip *container.Scroll
	detail      *itemDetail
	root        fyne.CanvasObject
	empty       fyne.CanvasObject
	stack       *fyne.Container

	res       *results
	gen       int
	timer     *time.Timer
	cursor    int    // highlighted result, -1 for none
	selected  string // code of the entry whose guide is shown
	near      string // the desk's 行政区划代码: its county's variants first
	depts     []string
	knownDept map[string]bool
	typeList  []hall.TypeInfo // what the type filter lists, in its order
	frequent  []hall.UsedItem
	loaded    bool
}

// typeOptions is what the type filter offers: all types, then the table
// (national codes and the province's own).
func typeOptions(types []hall.TypeInfo) []string {
	out := []string{"全部类型"}
	for _, t := range types {
		out = append(out, t.Label())
	}
	return out
}

func newCatalogPage(e *Env) Page {
	p := &catalogPage{env: e, count: widget.NewLabel(""), cursor: -1, knownDept: map[string]bool{},
		recentBox: container.NewHBox()}
	p.filter = newSearchEntry()
	p.filter.SetPlaceHolder(T("catalog.search", "输入事项名称、编码或拼音首字母（如 hydj），↑↓ 选择，Enter 开始受理"))
	p.filter.OnChanged = func(string) { p.schedule() }
	p.filter.OnSubmitted = func(string) { p.start() }
	p.filter.onMove = func(d int) { p.moveTo(p.cursor + d) }
	p.filter.onEscape = func() { p.filter.SetText("") }
	p.filter.onShortcut = func(s *desktop.CustomShortcut) bool { return p.openFrequent(altDigit(s)) }
	p.filter.canvas = func() fyne.Canvas {
		if e.Window == nil {
			return nil
		}
		return e.Window.Canvas()
	}
	p.dept = widget.NewSelectEntry(nil)
	p.dept.SetPlaceHolder(T("catalog.dept", "全部部门（输入筛选）"))
	p.dept.OnChanged = func(s string) {
		if p.loaded {
			p.deptTyped(s)
		}
	}
	p.typeList = hall.NationalTypes() // until the store's table is read
	p.types = widget.NewSelect(typeOptions(p.typeList), nil)
	p.types.SetSelectedIndex(0)
	p.types.OnChanged = func(string) { p.schedule() }

	p.list = widget.NewList(func() int {
		if p.res == nil {
			return 0
		}
		return p.res.total
	}, func() fyne.CanvasObject { return newResultRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			h := p.res.hit(id)
			if h == nil {
				p.fetch(id)
				h = p.res.hit(id)
			}
			o.(*resultRow).show(h)
		})
	p.list.OnSelected = func(id widget.ListItemID) {
		p.cursor = id
		if h := p.res.hit(id); h != nil && h.Code != p.selected {
			p.selected = h.Code
			p.detail.Load(h.Code)
		}
	}
	p.detail = newItemDetail(e, p.start)

	filters := container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(420, 36),
		container.NewGridWithColumns(2, p.dept, p.types)), p.filter)
	p.recentStrip = container.NewHScroll(p.recentBox)
	p.recentStrip.Hide() // until there is something to show
	top := container.NewVBox(filters, p.recentStrip)
	hint := widget.NewLabel(T("catalog.keys", "↑↓ 选择　Enter 开始受理　Esc 清空　Alt+1…9 常用事项"))
	hint.Importance = widget.LowImportance
	left := container.NewBorder(p.count, hint, nil, nil, p.list)
	split := container.NewHSplit(left, p.detail.Content())
	split.Offset = 0.4
	p.root = container.NewBorder(top, nil, nil, nil, split)
	p.empty = emptyState(T("catalog.empty.title", "事项目录为空"),
		T("catalog.empty.hint", "尚未导入事项目录。请管理员在“设置 → 事项目录”中从文件导入本省实施清单（或运行 yichuang catalog import 文件），或注册到平台后同步。"))
	p.stack = container.NewStack(p.root)
	p.addShortcuts()
	return p
}

func (p *catalogPage) Content() fyne.CanvasObject { return p.stack }

// start opens intake for the highlighted entry (Enter or 开始受理); a
// withdrawn entry takes no new applications.
func (p *catalogPage) start() {
	if p.res == nil || p.cursor < 0 {
		return
	}
	h := p.res.hit(p.cursor)
	if h == nil {
		return
	}
	if h.Status == hall.ItemWithdrawn {
		if p.env.Window != nil {
			showMessage(p.env.Window, T("catalog.withdrawn.title", "事项已取消"),
				T("catalog.withdrawn.body", "该事项已从实施清单中取消，不能受理新的申请。"))
		}
		return
	}
	p.used(h)
	if p.env.shell != nil {
		p.env.shell.StartIntake(h.Code)
	}
}

type catalogSetup struct {
	items int
	depts []string
	types []hall.TypeInfo
	near  string
}

// FirstField is the search box: the catalog is searched by typing.

// Refresh reloads what may have changed since the screen was last shown:
// the departments, the desk's county, the recents; and searches again.
func (p *catalogPage) Refresh() {
	Go(p.env, func(ctx context.Context) (catalogSetup, error) {
		var s catalogSetup
		var err error
		if s.items, err = p.env.Catalog.CountItems(ctx); err != nil || s.items == 0 {
			return s, err
		}
		dc, err := p.env.Catalog.Departments(ctx)
		if err != nil {
			return s, err
		}
		for _, d := range dc {
			s.depts = append(s.depts, d.Department)
		}
		if s.types, err = p.env.Catalog.Types(ctx); err != nil {
			return s, err
		}
		if p.env.Settings != nil {
			code, _ := p.env.Settings.Setting(ctx, hall.SettingHallCode)
			s.near = code[:min(6, len(code))]
		}
		return s, nil
	}, func(s catalogSetup) {
		if s.items == 0 {
			p.stack.Objects = []fyne.CanvasObject{p.empty}
			p.stack.Refresh()
			return
		}
		p.stack.Objects = []fyne.CanvasObject{p.root}
		p.stack.Refresh()
		p.depts, p.near = s.depts, s.near
		p.knownDept = make(map[string]bool, len(s.depts))
		for _, d := range s.depts {
			p.knownDept[d] = true
		}
		p.deptTyped(p.dept.Text)
		p.setTypes(s.types)
		if p.selected != "" { // an import or a sync may have changed the guide shown
			p.detail.Load(p.selected)
		}
		p.loadRecents()
		if !p.loaded && p.env.shell != nil && p.env.shell.Current() == ScreenCatalog {
			// The first load: the search box takes the typing, if the
			// catalog is still the screen on show (a later screen's
			// fields are the only ones in the canvas then).
			p.env.shell.focusFirst()
		}
		p.loaded = true
		if p.res == nil { // the first search loads the index: seconds for a province
			p.count.SetText(T("catalog.loading", "正在载入事项目录…"))
		}
		p.schedule()
	})
}

// deptTyped offers the departments holding what was typed (a province has
// thousands) and filters once the text is one of them or empty.
func (p *catalogPage) deptTyped(s string) {
	var opts []string
	for _, d := range p.depts {
		if strings.Contains(d, s) {
			opts = append(opts, d)
			if len(opts) == 50 {
				break
			}
		}
	}
	p.dept.SetOptions(opts)
	if s == "" || p.knownDept[s] {
		p.schedule()
	}
}

func (p *catalogPage) typeFilter() hall.ItemType {
	if p.types == nil || p.types.SelectedIndex() <= 0 || p.types.SelectedIndex() > len(p.typeList) {
		return ""
	}
	return p.typeList[p.types.SelectedIndex()-1].Code
}

// setTypes offers the store's type table in the filter, keeping the type
// the clerk had chosen (the list grows when a catalog adds a province's
// codes). Called on the UI goroutine.
func (p *catalogPage) setTypes(types []hall.TypeInfo) {
	if len(types) == 0 || slices.Equal(types, p.typeList) {
		return
	}
	chosen := p.typeFilter()
	p.typeList = types
	p.types.SetOptions(typeOptions(types))
	at := 0
	for i, t := range types {
		if t.Code == chosen {
			at = i + 1
		}
	}
	p.types.SetSelectedIndex(at) // schedules a search only if the index changed
}

// searchEntry is the catalog's search box: the clerk keeps typing while ↑ ↓
// (and PgUp PgDn) move through the results, Enter starts intake, Esc
// clears. A focused entry swallows every shortcut, so it passes on what it
// does not use: Alt+1…9 open 常用事项 and Ctrl+1…6 still switch screens.
type searchEntry struct {
	widget.Entry
	onMove     func(delta int)
	onEscape   func()
	onShortcut func(s *desktop.CustomShortcut) bool
	canvas     func() fyne.Canvas
}

func newSearchEntry() *searchEntry {
	e := &searchEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey moves through the results; other keys edit the text.
func (e *searchEntry) TypedKey(k *fyne.KeyEvent) {
	delta := map[fyne.KeyName]int{fyne.KeyUp: -1, fyne.KeyDown: 1, fyne.KeyPageUp: -10, fyne.KeyPageDown: 10}[k.Name]
	switch {
	case delta != 0 && e.onMove != nil:
		e.onMove(delta)
	case k.Name == fyne.KeyEscape && e.onEscape != nil:
		e.onEscape()
	default:
		e.Entry.TypedKey(k)
	}
}

// TypedShortcut keeps copy, paste and the like, and hands the rest on.
func (e *searchEntry) TypedShortcut(s fyne.Shortcut) {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok {
		e.Entry.TypedShortcut(s)
		return
	}
	if e.onShortcut != nil && e.onShortcut(cs) {
		return
	}
	if e.canvas != nil {
		if c, ok := e.canvas().(fyne.Shortcutable); ok {
			c.TypedShortcut(s)
			return
		}
	}
	e.Entry.TypedShortcut(s)
}

// resultRow is one line of the result list: the name, and what matched
// when it was not the name (拼音首字母 hydj, 实施编码 …); below, what tells
// county variants of one item apart (the department), the type and the
// promised limit, and a withdrawn mark.
type resultRow struct {
	widget.BaseWidget
	name, match, dept, meta *widget.Label
	root                    fyne.CanvasObject
}

func newResultRow() *resultRow {
	r := &resultRow{name: widget.NewLabel(""), match: widget.NewLabel(""), dept: widget.NewLabel(""), meta: widget.NewLabel("")}
	r.ExtendBaseWidget(r)
	r.name.TextStyle.Bold = true
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.dept.Truncation = fyne.TextTruncateEllipsis
	r.match.Importance = widget.LowImportance // a hint; the type and the promised limit are read, so they are not faint
	for _, l := range []*widget.Label{r.match, r.dept, r.meta} {
		l.SizeName = theme.SizeNameCaptionText
	}
	r.root = container.New(&tightRows{},
		container.NewBorder(nil, nil, nil, r.match, r.name),
		container.NewBorder(nil, nil, nil, r.meta, r.dept))
	return r
}

// CreateRenderer shows the two lines.
func (r *resultRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.root) }

func (r *resultRow) show(h *hall.SearchHit) {
	if h == nil {
		r.name.SetText(T("catalog.row.loading", "载入中…"))
		r.match.SetText("")
		r.dept.SetText("")
		r.meta.SetText("")
		return
	}
	if h.Bundle {
		r.name.SetText(T("catalog.row.bundle", "【一件事】") + h.Name)
	} else {
		r.name.SetText(h.Name)
	}
	m := ""
	if h.Match != hall.MatchNone && h.MatchField != "名称" {
		m = h.MatchField + " " + h.MatchText
		if rs := []rune(m); len(rs) > 22 {
			m = string(rs[:21]) + "…"
		}
	}
	r.match.SetText(m)
	r.dept.SetText(h.Department)
	typ := h.TypeName
	if typ == "" {
		typ = h.Type.Name()
	}
	if h.Bundle {
		typ = T("catalog.row.bundle.kind", "一件事一次办")
	}
	meta := typ + " · " + T("catalog.row.promise", "承诺") + h.PromiseLimit.String()
	if h.Status == hall.ItemWithdrawn {
		meta = T("catalog.row.withdrawn", "已取消") + " · " + meta
		r.name.Importance = widget.DangerImportance
	} else if h.Bundle {
		r.name.Importance = widget.HighImportance
	} else {
		r.name.Importance = widget.MediumImportance
	}
	r.meta.SetText(meta)
	r.name.Refresh()
}

// tightRows stacks rows with the labels' inner padding shared between
// them, so a two-line result takes the height of a line and a half.
type tightRows struct{}

func (tightRows) overlap() float32 { return theme.InnerPadding() }

func (t tightRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
		if i > 0 {
			s.Height -= t.overlap()
		}
	}
	return s
}

func (t tightRows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - t.overlap()
	}
}
