package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
)

// statColumns are the statistics supervisors compare (DOMAIN.md), over the
// filtered cases, finished ones included.
var statColumns = []struct {
	width float32
	value func(supervision.Stat) string
}{
	{240, func(s supervision.Stat) string { return clerkText(s.Name) }},
	{70, func(s supervision.Stat) string { return fmt.Sprint(s.Cases) }},
	{70, func(s supervision.Stat) string { return fmt.Sprint(s.Open) }},
	{70, func(s supervision.Stat) string { return fmt.Sprint(s.Finished) }},
	{100, func(s supervision.Stat) string { return percent(s.OnTimeRate(), s.Finished) }},
	{100, func(s supervision.Stat) string { return percent(s.EarlyRate(), s.Finished) }},
	{70, func(s supervision.Stat) string { return fmt.Sprint(s.Overdue) }},
	{130, func(s supervision.Stat) string {
		if s.Finished == 0 {
			return "—"
		}
		return fmt.Sprintf("%.1f", s.AvgDays())
	}},
	{100, func(s supervision.Stat) string { return percent(s.InstantShare(), s.Cases) }},
	{60, func(s supervision.Stat) string { return fmt.Sprint(s.Lights[calendar.Red]) }},
	{60, func(s supervision.Stat) string { return fmt.Sprint(s.Lights[calendar.Yellow]) }},
	{60, func(s supervision.Stat) string { return fmt.Sprint(s.Lights[calendar.Suspended]) }},
	{90, func(s supervision.Stat) string {
		if s.Urges == 0 {
			return "0"
		}
		return fmt.Sprintf("%d（未复%d）", s.Urges, s.UrgesOpen)
	}},
}

func percent(r float64, of int) string {
	if of == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", r*100)
}

// statsTable lists one Stat per department or clerk, then the total; the
// department and clerk tables add the 好差评 of the same cases.
type statsTable struct {
	by      string
	rows    []supervision.Stat
	table   *widget.Table
	ratings map[string]supervision.RatingStat // by name; nil: no rating columns (事项)
	total   supervision.RatingStat
}

// ratingColumns follow statColumns in the department and clerk tables.
var ratingColumns = []struct {
	width float32
	value func(supervision.RatingStat) string
}{
	{70, func(s supervision.RatingStat) string { return fmt.Sprint(s.Count) }},
	{90, func(s supervision.RatingStat) string { return percent(s.GoodRate(), s.Count) }},
	{60, func(s supervision.RatingStat) string { return fmt.Sprint(s.Bad()) }},
}

func ratingTitles() []string {
	return []string{T("deadline.stat.ratings", "评价"), T("deadline.stat.goodrate", "好评率"), T("deadline.stat.bad", "差评")}
}

// setRatings gives the table its 好差评 columns' figures.
func (s *statsTable) setRatings(by map[string]supervision.RatingStat, total supervision.RatingStat) {
	s.ratings, s.total = by, total
}

func (s *statsTable) columns() int {
	if s.ratings == nil {
		return len(statColumns)
	}
	return len(statColumns) + len(ratingColumns)
}

// cell is the text of one cell of row i.
func (s *statsTable) cell(i, col int) string {
	if col < len(statColumns) {
		return statColumns[col].value(s.rows[i])
	}
	r := s.ratings[s.rows[i].Name]
	if i == len(s.rows)-1 {
		r = s.total
	}
	return ratingColumns[col-len(statColumns)].value(r)
}

// statTitles are the column titles, in statColumns' order (the first is
// the department or clerk column).
func statTitles() []string {
	return []string{"", T("deadline.stat.cases", "受理"), T("deadline.stat.open", "在办"),
		T("deadline.stat.finished", "办结"), T("deadline.stat.ontime", "按时办结率"),
		T("deadline.stat.early", "提前办结率"), T("deadline.stat.overdue", "超期"),
		T("deadline.stat.avgdays", "平均办理工作日"), T("deadline.stat.instant", "即办件占比"),
		T("deadline.stat.red", "红灯"), T("deadline.stat.yellow", "黄灯"), T("deadline.stat.suspended", "挂起"), T("deadline.stat.urges", "督办")}
}

func newStatsTable(by string, rated bool) *statsTable {
	s := &statsTable{by: by}
	if rated {
		s.ratings = map[string]supervision.RatingStat{}
	}
	titles := statTitles()
	if rated {
		titles = append(titles, ratingTitles()...)
	}
	s.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(s.rows), s.columns() },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row >= len(s.rows) {
				return
			}
			l := o.(*widget.Label)
			l.TextStyle.Bold = id.Row == len(s.rows)-1
			l.SetText(s.cell(id.Row, id.Col))
		})
	s.table.ShowHeaderColumn = false
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 {
			t := titles[id.Col]
			if id.Col == 0 {
				t = s.by
			}
			o.(*widget.Label).SetText(t)
		}
	}
	for i, c := range statColumns {
		s.table.SetColumnWidth(i, c.width)
	}
	if rated {
		for i, c := range ratingColumns {
			s.table.SetColumnWidth(len(statColumns)+i, c.width)
		}
	}
	return s
}

func (s *statsTable) set(groups []supervision.Stat, total supervision.Stat) {
	s.rows = append(append(s.rows[:0], groups...), total)
	s.table.Refresh()
}

// clear empties the table until the statistics over every case are in.
func (s *statsTable) clear() {
	s.rows = s.rows[:0]
	s.table.Refresh()
}
