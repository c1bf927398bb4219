package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall/supervision"
)

// deadlineColumns are the case list's columns; each sorts by its own key.
var deadlineColumns = []struct {
	width float32
	col   supervision.Column
	value func(*supervision.Row) string
}{
	{90, supervision.ColLight, func(r *supervision.Row) string { return lightText(r) }},
	{110, supervision.ColLeft, leftText},
	{235, supervision.ColNo, func(r *supervision.Row) string { return r.No }}, // a township's numbers run to 26 characters
	{200, supervision.ColItem, func(r *supervision.Row) string { return r.ItemName }},
	{150, supervision.ColDepartment, func(r *supervision.Row) string { return r.Department }},
	{70, supervision.ColClerk, func(r *supervision.Row) string { return clerkText(r.Clerk) }},
	{86, supervision.ColState, func(r *supervision.Row) string { return string(r.State) }},
	{100, supervision.ColAccepted, func(r *supervision.Row) string { return r.Accepted.String() }},
	{170, supervision.ColPromise, promiseText},
	{150, supervision.ColLegal, legalText},
	{100, supervision.ColFinished, func(r *supervision.Row) string { return r.Finished.String() }},
}

func lightText(r *supervision.Row) string {
	if r.Light == 0 {
		if r.Late {
			return T("deadline.finished.late", "超期办结")
		}
		return ""
	}
	return "● " + r.Light.String()
}

func clerkText(c string) string {
	if c == "" {
		return dlNoClerk
	}
	return c
}

func promiseText(r *supervision.Row) string {
	s := r.Promise.String()
	if r.Open() && r.PromiseTentative && s != "" {
		s += T("deadline.provisional.mark", "（暂定）")
	}
	if r.PromiseLimit.Instant() && s != "" {
		s += T("deadline.instant.mark", "（即办）")
	}
	return s
}

func legalText(r *supervision.Row) string {
	s := r.Legal.String()
	if r.Open() && r.LegalTentative && s != "" {
		s += T("deadline.provisional.mark", "（暂定）")
	}
	return s
}

func leftText(r *supervision.Row) string {
	switch {
	case !r.Open() || r.Promise.IsZero():
		return ""
	case r.Left < 0:
		return T("deadline.overdue.days", "超期 {{.N}}", map[string]any{"N": -r.Left})
	}
	return fmt.Sprint(r.Left)
}

// deadlineTitles are the column titles, in deadlineColumns' order.
func deadlineTitles() []string {
	return []string{T("deadline.col.light", "亮灯"), T("deadline.col.left", "剩余工作日"), T("deadline.col.no", "办件编号"),
		T("deadline.col.item", "事项"), T("deadline.col.department", "部门"), T("deadline.col.clerk", "人员"),
		T("deadline.col.state", "状态"), T("deadline.col.accepted", "受理日期"), T("deadline.col.promise", "承诺办结"),
		T("deadline.col.legal", "法定办结"), T("deadline.col.finished", "办结日期")}
}

func (p *deadlinePage) newCaseTable() *widget.Table {
	titles := deadlineTitles()
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(p.view.rows), len(deadlineColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row >= len(p.view.rows) {
				return
			}
			r := p.view.rows[id.Row]
			l := o.(*widget.Label)
			// Only names can outgrow their column; measuring the others
			// for an ellipsis would cost every redraw for nothing.
			l.Truncation = fyne.TextTruncateOff
			if c := deadlineColumns[id.Col].col; c == supervision.ColItem || c == supervision.ColDepartment {
				l.Truncation = fyne.TextTruncateEllipsis
			}
			l.Importance = widget.MediumImportance
			if id.Col <= 1 { // the light and the days left carry its colour
				l.Importance = lightImportance(r.Light)
				if r.Light == 0 && r.Late {
					l.Importance = widget.DangerImportance
				}
			}
			l.SetText(deadlineColumns[id.Col].value(r))
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		return b
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row >= 0 || id.Col < 0 {
			return
		}
		c := deadlineColumns[id.Col]
		b := o.(*widget.Button)
		text := titles[id.Col]
		if p.sortBy == c.col {
			text += map[bool]string{false: " ▲", true: " ▼"}[p.desc]
		}
		b.SetText(text)
		b.OnTapped = func() { p.sortOn(c.col) }
	}
	for i, c := range deadlineColumns {
		t.SetColumnWidth(i, c.width)
	}
	return t
}
