package ui

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/collate"
	"yichuang/documents"
	"yichuang/export"
	"yichuang/hall"
	"yichuang/hall/report"
	"yichuang/hall/supervision"
)

// monthlyPanel is the 月度报告 tab of 时限监督: a month picker, the month's
// figures beside the month before (hall/report, counted as the screen
// counts), the overdue cases, and the workbook.
type monthlyPanel struct {
	p       *deadlinePage
	month   *widget.Select
	save    *widget.Button
	savePDF *widget.Button
	figures *fyne.Container
	overdue *widget.Label
	scroll  *container.Scroll
	box     fyne.CanvasObject
	report  *report.Report
	gen     int
}

// monthChoices are the twelve months up to today's, newest first.
func monthChoices(today report.Month) []string {
	out := make([]string, 12)
	for i, m := 0, today; i < 12; i, m = i+1, m.Prev() {
		out[i] = m.String()
	}
	return out
}

func newMonthlyPanel(p *deadlinePage) *monthlyPanel {
	m := &monthlyPanel{p: p, figures: container.NewGridWithColumns(4), overdue: widget.NewLabel("")}
	m.overdue.Wrapping = fyne.TextWrapWord
	now := report.MonthOf(p.today())
	m.month = widget.NewSelect(monthChoices(now), func(string) { m.load() })
	// Reports are written for the month just ended. Set without OnChanged:
	// the month is counted when the tab is opened (watchTab), not with every
	// screen.
	m.month.Selected = now.Prev().String()
	m.save = widget.NewButtonWithIcon(T("deadline.monthly.export", "导出月报Excel"), theme.DocumentSaveIcon(), m.saveDialog)
	m.save.Importance = widget.HighImportance
	m.save.Disable()
	m.savePDF = widget.NewButtonWithIcon(T("deadline.monthly.pdf", "导出月报PDF"), theme.DocumentPrintIcon(), m.savePDFDialog)
	m.savePDF.Disable()
	note := widget.NewLabel(T("deadline.monthly.scope",
		"统计范围：所选月份受理的办件，按月末（当月按今日）所处状态统计，与“办件清单”同一算法；右列为上月。"))
	note.Importance = widget.LowImportance
	note.Wrapping = fyne.TextWrapWord
	top := container.NewBorder(nil, note, nil, container.NewHBox(widget.NewLabel(T("deadline.monthly.month", "月份")),
		container.NewGridWrap(fyne.NewSize(120, m.month.MinSize().Height), m.month), m.save, m.savePDF))
	m.scroll = container.NewVScroll(container.NewVBox(m.figures, widget.NewSeparator(), m.overdue))
	m.box = container.NewBorder(top, nil, nil, nil, m.scroll)
	return m
}

// watchTab counts the chosen month each time the tab is opened, so it
// follows the cases the screen has since loaded.
func (m *monthlyPanel) watchTab(tabs *container.AppTabs) {
	tabs.OnSelected = func(ti *container.TabItem) {
		if ti.Content == m.box {
			// The choices follow today, which moves while the window is open.
			if now := report.MonthOf(m.p.today()); m.month.Options[0] != now.String() {
				m.month.Options = monthChoices(now)
				m.month.Selected = now.Prev().String()
				m.month.Refresh()
			}
			m.load()
		}
	}
}

// load counts the chosen month off the UI goroutine.
func (m *monthlyPanel) load() {
	src, ok := m.p.source()
	month, err := report.ParseMonth(m.month.Selected)
	if !ok || err != nil {
		return
	}
	m.gen++
	gen, today, set, scope, label := m.gen, m.p.today(), supervision.DefaultSettings(), m.p.scope, m.p.scopes.label()
	if b := m.p.board; b != nil {
		set = b.Settings
	}
	e := m.p.env
	Go(e, func(ctx context.Context) (*report.Report, error) {
		snap, err := src.Supervise(ctx, supervision.Query{From: month.Prev().First(), To: month.Last(), Scope: scope})
		if err != nil {
			return nil, err
		}
		r := report.Build(snap, month, today, set)
		r.Order(collate.Compare)
		if rs, ok := src.(supervision.Reasons); ok {
			reasons, err := rs.OverdueReasons(ctx, r.OverdueNos())
			if err != nil {
				return nil, err
			}
			r.SetReasons(reasons)
		}
		if e.Settings != nil {
			r.Hall, _ = e.Settings.Setting(ctx, hall.SettingHallName)
		}
		if scope.Kind != supervision.ScopeDesk {
			r.Hall += "（" + label + "）" // the report says whose cases it counts
		}
		return &r, nil
	}, func(r *report.Report) {
		if gen == m.gen {
			m.show(r)
		}
	})
}

func (m *monthlyPanel) show(r *report.Report) {
	m.report = r
	// The PDF prints the same rows.
	lines := documents.MonthlyLines(*r)
	m.figures.RemoveAll()
	for i, l := range lines {
		for _, s := range l {
			lb := widget.NewLabel(s)
			if i == 0 {
				lb.TextStyle.Bold = true
			}
			m.figures.Add(lb)
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "本月超期办件 %d 件", len(r.This.Overdue))
	for i, o := range r.This.Overdue {
		if i == 20 {
			fmt.Fprintf(&sb, "\n……其余 %d 件见导出的月报", len(r.This.Overdue)-20)
			break
		}
		state := "在办"
		if !o.Row.Open() {
			state = o.Row.Finished.String() + "办结"
		}
		fmt.Fprintf(&sb, "\n%s　%s　%s　承诺%s　%s　超期%d个工作日　超期原因：%s", o.Row.No, o.Row.ItemName, o.Row.Department,
			o.Row.Promise, state, o.Days, o.ReasonText())
	}
	m.overdue.SetText(sb.String())
	m.save.Enable()
	m.savePDF.Enable()
	// The grid grew from nothing: lay the scrolled content out again.
	m.scroll.Content.Refresh()
	m.scroll.Refresh()
}

// saveDialog writes the month's workbook where the supervisor chooses.
func (m *monthlyPanel) saveDialog() {
	m.saveAs(".xlsx", "导出月报失败", func(w io.Writer, r *report.Report) error {
		return export.WriteMonthly(w, *r)
	})
}

// savePDFDialog writes the month's report as a PDF where the supervisor
// chooses: the page a supervisor signs and hands on.
func (m *monthlyPanel) savePDFDialog() {
	clock := m.p.env.Clock
	m.saveAs(".pdf", "导出月报PDF失败", func(w io.Writer, r *report.Report) error {
		b, err := documents.RenderMonthly(*r, clock.Now())
		if err == nil {
			_, err = w.Write(b)
		}
		return err
	})
}

// saveAs asks where to save the shown month's report as a file ending in
// ext and writes it there with write, off the UI goroutine; failed names
// the export in the error.
func (m *monthlyPanel) saveAs(ext, failed string, write func(io.Writer, *report.Report) error) {
	r := m.report
	if r == nil {
		return
	}
	e := m.p.env
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			e.ShowError(hall.Wrap(hall.EInternal, err, "无法打开保存位置"))
			return
		}
		if w == nil {
			return // cancelled
		}
		Go(e, func(ctx context.Context) (error, error) {
			err := write(w, r)
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			return err, nil
		}, func(err error) {
			if err != nil {
				e.ShowError(hall.Wrap(hall.EInternal, err, failed+"，文件 %s 未写完，请重新导出", w.URI().Path()))
				return
			}
			showMessage(e.Window, T("deadline.exported.title", "已导出"),
				T("deadline.monthly.exported", "已把 {{.Month}} 月度报告导出到 {{.Path}}",
					map[string]any{"Month": r.This.Month.String(), "Path": w.URI().Path()}))
		})
	}, e.Window)
	d.SetFileName(fmt.Sprintf("月度报告-%s%s", r.This.Month, ext))
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	showDialog(e.Window, d)
	d.Resize(fyne.NewSize(900, 600))
}
