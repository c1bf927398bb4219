package ui

import (
	"context"
	"fmt"
	"yichuang/collate"
	"yichuang/hall/supervision"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
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

// deadlineView is the board under the clerk's filter and sort order, with
// the statistics over the same cases (all of them, whatever their light:
// rates need the finished ones).
type deadlineView struct {
	rows        []*supervision.Row
	departments []supervision.Stat
	clerks      []supervision.Stat
	items       []supervision.Stat // 事项统计, named "name（code）"
	halls       []supervision.Stat // 大厅统计 and 窗口统计 (docs/adr/0020)
	desks       []supervision.Stat
	total       supervision.Stat
	// 好差评 of the same cases, by department and by clerk, and in total.
	deptRatings, clerkRatings map[string]supervision.RatingStat
	ratingTotal               supervision.RatingStat
}

func computeView(b *supervision.Board, f supervision.Filter, by supervision.Column, desc bool) deadlineView {
	shown := f.Show
	f.Show = supervision.ShowAll
	base := b.Select(f)
	var v deadlineView
	v.departments, v.total = supervision.ByDepartment(base)
	v.clerks, _ = supervision.ByClerk(base)
	supervision.SortStats(v.departments, collate.Compare) // by pinyin, as a Chinese list reads
	supervision.SortStats(v.clerks, collate.Compare)
	v.items, _ = supervision.ByItem(base)
	supervision.SortStats(v.items, collate.Compare)
	rated := supervision.RatingsOf(b.Ratings, base)
	var deps, clerks []supervision.RatingStat
	deps, v.ratingTotal = supervision.RatingsByDepartment(rated)
	clerks, _ = supervision.RatingsByClerk(rated)
	v.deptRatings, v.clerkRatings = byName(deps), byName(clerks)
	names := hallNames(b)
	v.halls, _ = supervision.ByHall(base, names)
	v.desks, _ = supervision.ByDesk(base, names)
	supervision.SortStats(v.halls, collate.Compare)
	supervision.SortStats(v.desks, collate.Compare)
	v.rows = base
	if shown != supervision.ShowAll {
		v.rows = make([]*supervision.Row, 0, len(base))
		for _, r := range base {
			if shown.Shows(r, b.Settings.NoticeDays) {
				v.rows = append(v.rows, r)
			}
		}
	}
	supervision.Sort(v.rows, by, desc)
	return v
}

// recompute filters, sorts and sums off the UI goroutine (100,000 rows take
// tens of milliseconds); an answer overtaken by a newer request is dropped.
func (p *deadlinePage) recompute() {
	if p.board == nil {
		return
	}
	p.seq++
	seq, b, f, by, desc, whole := p.seq, p.board, p.filter, p.sortBy, p.desc, p.whole
	Go(p.env, func(context.Context) (deadlineView, error) {
		return computeView(b, f, by, desc), nil
	}, func(v deadlineView) {
		if seq != p.seq {
			return
		}
		p.view = v
		p.table.Refresh()
		p.table.ScrollToTop()
		p.tabs.Items[0].Text = fmt.Sprintf("%s（%d）", T("deadline.tab.cases", "办件清单"), len(v.rows))
		p.tabs.Refresh()
		p.chart.set(v.departments) // open cases only: right from the first step
		if !whole {
			// Rates over the open cases alone would mislead: wait for all.
			p.deptStats.clear()
			p.clerkStats.clear()
			p.itemStats.clear()
			p.hallStats.clear()
			p.deskStats.clear()
			return
		}
		p.deptStats.setRatings(v.deptRatings, v.ratingTotal)
		p.clerkStats.setRatings(v.clerkRatings, v.ratingTotal)
		p.hallStats.set(v.halls, v.total)
		p.deskStats.set(v.desks, v.total)
		p.deptStats.set(v.departments, v.total)
		p.clerkStats.set(v.clerks, v.total)
		p.itemStats.set(v.items, v.total)
		p.done()
	})
}

// sortOn sorts by a column; a second tap on the same column reverses it.
func (p *deadlinePage) sortOn(col supervision.Column) {
	if p.sortBy == col {
		p.desc = !p.desc
	} else {
		p.sortBy, p.desc = col, false
	}
	p.recompute()
}

func byName(s []supervision.RatingStat) map[string]supervision.RatingStat {
	m := make(map[string]supervision.RatingStat, len(s))
	for _, x := range s {
		m[x.Name] = x
	}
	return m
}
