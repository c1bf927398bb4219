package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

var caseColumns = []struct {
	title string
	width float32
	value func(hall.CaseSummary) string
}{
	{"办件编号", 230, func(c hall.CaseSummary) string { return c.No }},
	{"事项", 260, func(c hall.CaseSummary) string { return c.ItemName }},
	{"申请人", 110, func(c hall.CaseSummary) string { return c.ApplicantName }},
	{"状态", 90, func(c hall.CaseSummary) string { return string(c.State) }},
	{"收件时间", 150, func(c hall.CaseSummary) string { return hall.HallTime(c.ReceivedAt).Format("2006-01-02 15:04") }},
	{"承诺办结", 110, func(c hall.CaseSummary) string { return c.PromiseDue }},
	{"同步", 200, syncText}, // syncscreen.go: 被退回 shows the platform's reason
}

// casesPage lists this desk's cases, newest first.
type casesPage struct {
	env   *Env
	rows  []hall.CaseSummary
	table *keyTable // Enter opens the case (screens_focus.go)
	count *widget.Label
	stack *fyne.Container
	full  fyne.CanvasObject
	empty fyne.CanvasObject
}

func newCasesPage(e *Env) Page {
	p := &casesPage{env: e, count: widget.NewLabel("")}
	p.table = newKeyTableWithHeaders(
		func() (int, int) { return len(p.rows), len(caseColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(caseColumns[id.Col].value(p.rows[id.Row]))
		})
	p.table.ShowHeaderColumn = false
	p.table.OnSelected = func(id widget.TableCellID) { // casedetail.go
		p.table.UnselectAll()
		if id.Row >= 0 && id.Row < len(p.rows) {
			showCaseDetail(p.env, p.rows[id.Row].ID)
		}
	}
	p.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	p.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 {
			o.(*widget.Label).SetText(caseColumns[id.Col].title)
		}
	}
	for i, c := range caseColumns {
		p.table.SetColumnWidth(i, c.width)
	}
	p.full = container.NewBorder(container.NewHBox(heading(T("cases.title", "办件")), p.count,
		idLookupButton(e)), nil, nil, nil, p.table) // by ID number, audited (users_lookup.go)
	p.empty = emptyState(T("cases.empty.title", "暂无办件"),
		T("cases.empty.hint", "本窗口还没有登记办件。在“事项目录”中选择事项，点击“开始受理”即可登记第一件。"),
		widget.NewButtonWithIcon(T("intake.goto.catalog", "打开事项目录"), theme.SearchIcon(), func() {
			if e.shell != nil {
				e.shell.Show(ScreenCatalog)
			}
		}))
	p.stack = container.NewStack(p.empty)
	return p
}

func (p *casesPage) Content() fyne.CanvasObject { return p.stack }

func (p *casesPage) Refresh() {
	Go(p.env, func(ctx context.Context) ([]hall.CaseSummary, error) {
		return p.env.Cases.ListCases(ctx, hall.CaseFilter{Limit: 5000})
	}, func(rows []hall.CaseSummary) {
		p.rows = rows
		p.count.SetText(T("cases.count", "共 {{.N}} 件", map[string]any{"N": len(rows)}))
		if len(rows) == 0 {
			p.stack.Objects = []fyne.CanvasObject{p.empty}
		} else {
			p.stack.Objects = []fyne.CanvasObject{p.full}
		}
		p.stack.Refresh()
		p.table.Refresh()
	})
}
