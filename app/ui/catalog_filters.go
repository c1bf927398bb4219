package ui

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"

	"yichuang/hall"
)

type catalogSetup struct {
	items int
	depts []string
	types []hall.TypeInfo
	near  string
}

// FirstField is the search box: the catalog is searched by typing.
func (p *catalogPage) FirstField() fyne.Focusable { return p.filter }

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
		if !p.loaded && p.env.Window != nil {
			p.env.Window.Canvas().Focus(p.filter)
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
