package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

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
