package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
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
