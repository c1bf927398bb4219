package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

const allDepartments = "全部部门"

// catalogPage lists the service items by department with a name filter and
// shows the selected item's guide.
type catalogPage struct {
	env      *Env
	depts    *widget.Select
	filter   *widget.Entry
	list     *widget.List
	count    *widget.Label
	detail   *itemDetail
	all      []hall.ItemSummary
	shown    []hall.ItemSummary
	selected string
	root     fyne.CanvasObject
	empty    fyne.CanvasObject
	stack    *fyne.Container
}

func newCatalogPage(e *Env) Page {
	p := &catalogPage{env: e, count: widget.NewLabel("")}
	p.depts = widget.NewSelect(nil, func(string) { p.reload() })
	p.depts.PlaceHolder = allDepartments
	p.filter = widget.NewEntry()
	p.filter.SetPlaceHolder(T("catalog.filter", "输入事项名称或编码筛选"))
	p.filter.OnChanged = func(string) { p.applyFilter() }
	p.filter.OnSubmitted = func(string) {
		if len(p.shown) > 0 {
			p.list.Select(0)
		}
	}
	p.list = widget.NewList(func() int { return len(p.shown) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("")
			name.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, nil, widget.NewLabel(""), name)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			it := p.shown[id]
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(it.Name)
			c.Objects[1].(*widget.Label).SetText(it.Department)
		})
	p.list.OnSelected = func(id widget.ListItemID) {
		if id < len(p.shown) {
			p.selected = p.shown[id].Code
			p.detail.Load(p.selected)
		}
	}
	p.detail = newItemDetail(e)
	left := container.NewBorder(container.NewVBox(heading(T("catalog.title", "事项目录")), p.depts, p.filter), p.count, nil, nil, p.list)
	split := container.NewHSplit(left, p.detail.Content())
	split.Offset = 0.38
	p.root = split
	p.empty = emptyState(T("catalog.empty.title", "事项目录为空"),
		T("catalog.empty.hint", "尚未导入事项目录。请运行 yichuang catalog import 文件 导入本省实施清单，或注册到平台后同步。"))
	p.stack = container.NewStack(p.root)
	return p
}

func (p *catalogPage) Content() fyne.CanvasObject { return p.stack }

type catalogData struct {
	items []hall.ItemSummary
	depts []hall.DepartmentCount
}

func (p *catalogPage) Refresh() { p.reload() }

func (p *catalogPage) reload() {
	dept := p.depts.Selected
	if dept == allDepartments {
		dept = ""
	}
	Go(p.env, func(ctx context.Context) (catalogData, error) {
		var d catalogData
		var err error
		if d.depts, err = p.env.Catalog.Departments(ctx); err != nil {
			return d, err
		}
		d.items, err = p.env.Catalog.ListItems(ctx, hall.ItemFilter{Department: dept, Limit: 5000})
		return d, err
	}, func(d catalogData) {
		opts := []string{allDepartments}
		for _, dc := range d.depts {
			opts = append(opts, dc.Department)
		}
		p.depts.Options = opts
		p.all = d.items
		if len(d.depts) == 0 {
			p.stack.Objects = []fyne.CanvasObject{p.empty}
		} else {
			p.stack.Objects = []fyne.CanvasObject{p.root}
		}
		p.stack.Refresh()
		p.applyFilter()
	})
}

func (p *catalogPage) applyFilter() {
	q := strings.TrimSpace(p.filter.Text)
	p.shown = p.shown[:0]
	for _, it := range p.all {
		if q == "" || strings.Contains(it.Name, q) || strings.HasPrefix(it.Code, q) {
			p.shown = append(p.shown, it)
		}
	}
	p.count.SetText(T("catalog.count", "共 {{.N}} 项", map[string]any{"N": len(p.shown)}))
	p.list.UnselectAll()
	p.list.Refresh()
	if len(p.shown) > 0 && p.selected == "" {
		p.list.Select(0)
	}
}
