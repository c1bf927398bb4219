package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
)

const (
	dlAllDepartments = "全部部门"
	dlAllClerks      = "全部人员"
	dlNoClerk        = "（未记录）"
)

// deadlineFilters is the filter bar: light, department, clerk, item and the
// acceptance dates. A date that does not parse is named in red and not
// applied; what the clerk typed stays.
type deadlineFilters struct {
	p          *deadlinePage
	show       *widget.Select
	department *widget.Select
	clerk      *widget.Select
	item       *widget.Entry
	from, to   *widget.Entry
	msg        *widget.Label
	box        *fyne.Container
	quiet      bool // choices being set from a load, not by the clerk
}

func newDeadlineFilters(p *deadlinePage) *deadlineFilters {
	f := &deadlineFilters{p: p, msg: widget.NewLabel(""), quiet: true}
	defer func() { f.quiet = false }()
	f.msg.Importance = widget.DangerImportance
	var shows []string
	for _, s := range supervision.Shows() {
		shows = append(shows, s.String())
	}
	f.show = widget.NewSelect(shows, func(string) { f.apply() })
	f.show.SetSelectedIndex(0)
	f.department = widget.NewSelect([]string{dlAllDepartments}, func(string) { f.apply() })
	f.department.SetSelectedIndex(0)
	f.clerk = widget.NewSelect([]string{dlAllClerks}, func(string) { f.apply() })
	f.clerk.SetSelectedIndex(0)
	f.item = widget.NewEntry()
	f.item.SetPlaceHolder(T("deadline.filter.item", "事项名称或编码"))
	f.item.OnChanged = func(string) { f.apply() }
	f.from, f.to = widget.NewEntry(), widget.NewEntry()
	f.from.SetPlaceHolder("YYYY-MM-DD")
	f.to.SetPlaceHolder("YYYY-MM-DD")
	f.from.OnChanged = func(string) { f.apply() }
	f.to.OnChanged = func(string) { f.apply() }
	clear := widget.NewButtonWithIcon(T("deadline.filter.clear", "清除筛选"), theme.ContentClearIcon(), f.clear)
	export := widget.NewButtonWithIcon(T("deadline.export", "导出Excel"), theme.DocumentSaveIcon(), p.exportDialog)
	export.Importance = widget.HighImportance
	sized := func(w float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	label := func(s string) fyne.CanvasObject { return widget.NewLabel(s) }
	f.box = container.NewVBox(
		container.NewHBox(label(T("deadline.filter.show", "亮灯")), sized(130, f.show),
			label(T("deadline.filter.department", "部门")), sized(190, f.department),
			label(T("deadline.filter.clerk", "人员")), sized(120, f.clerk),
			label(T("deadline.filter.itemlabel", "事项")), sized(200, f.item)),
		container.NewHBox(label(T("deadline.filter.accepted", "受理日期")), sized(130, f.from), label(T("deadline.filter.to", "至")),
			sized(130, f.to), clear, export, f.msg))
	return f
}

// setChoices offers the departments and clerks of a new load, keeping what
// was chosen when it is still there.
func (f *deadlineFilters) setChoices(b *supervision.Board) {
	f.quiet = true
	defer func() { f.quiet = false }()
	keep := func(s *widget.Select, all string, values []string) {
		opts := []string{all}
		for _, v := range values {
			if v == "" {
				v = dlNoClerk
			}
			opts = append(opts, v)
		}
		old := s.Selected
		s.SetOptions(opts)
		s.SetSelected(all)
		for _, o := range opts {
			if o == old {
				s.SetSelected(old)
			}
		}
	}
	keep(f.department, dlAllDepartments, b.Departments())
	keep(f.clerk, dlAllClerks, b.Clerks())
	f.read()
}

func (f *deadlineFilters) setShow(s supervision.Show) { f.show.SetSelected(s.String()) }

func (f *deadlineFilters) clear() {
	f.quiet = true
	f.show.SetSelectedIndex(0)
	f.department.SetSelectedIndex(0)
	f.clerk.SetSelectedIndex(0)
	f.item.SetText("")
	f.from.SetText("")
	f.to.SetText("")
	f.quiet = false
	f.apply()
}

// apply reads the bar and recomputes the view, unless a date is wrong.
func (f *deadlineFilters) apply() {
	if f.quiet {
		return
	}
	if f.read() {
		f.p.recompute()
	}
}

// read puts the bar into the page's filter; false when a date is wrong.
func (f *deadlineFilters) read() bool {
	var nf supervision.Filter
	for _, s := range supervision.Shows() {
		if s.String() == f.show.Selected {
			nf.Show = s
		}
	}
	if v := f.department.Selected; v != dlAllDepartments {
		nf.Department = v
	}
	switch v := f.clerk.Selected; v {
	case dlAllClerks:
	case dlNoClerk:
		nf.Clerk = ""
		nf.NoClerk = true
	default:
		nf.Clerk = v
	}
	nf.Item = strings.TrimSpace(f.item.Text)
	var bad []string
	for _, d := range []struct {
		e    *widget.Entry
		name string
		to   *calendar.Date
	}{{f.from, "受理日期起", &nf.From}, {f.to, "受理日期止", &nf.To}} {
		text := strings.TrimSpace(d.e.Text)
		if text == "" {
			continue
		}
		day, err := calendar.ParseDate(text)
		if err != nil {
			bad = append(bad, "“"+d.name+"”："+hall.ErrorMessage(err))
			continue
		}
		*d.to = day
	}
	if len(bad) == 0 && !nf.From.IsZero() && !nf.To.IsZero() && nf.To.Before(nf.From) {
		bad = append(bad, "“受理日期止”早于“受理日期起”")
	}
	f.msg.SetText(strings.Join(bad, "；"))
	if len(bad) > 0 {
		return false
	}
	f.p.filter = nf
	return true
}
