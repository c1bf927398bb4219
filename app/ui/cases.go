package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

type caseColumn struct {
	title string
	width float32
	value func(hall.CaseSummary) string
}

var caseColumns = []caseColumn{
	{"办件编号", 230, func(c hall.CaseSummary) string { return c.No }},
	{"事项", 260, func(c hall.CaseSummary) string { return c.ItemName }},
	{"申请人", 110, func(c hall.CaseSummary) string { return c.ApplicantName }},
	{"状态", 90, func(c hall.CaseSummary) string { return string(c.State) }},
	{"收件时间", 150, func(c hall.CaseSummary) string { return hall.HallTime(c.ReceivedAt).Format("2006-01-02 15:04") }},
	{"承诺办结", 110, func(c hall.CaseSummary) string { return c.PromiseDue }},
	{"同步", 200, syncText}, // syncscreen.go: 被退回 shows the platform's reason
}

// deliverColumns are 待出件's: when each was decided and how many working
// days the result has waited, past Art. 44's ten marked (hall/calendar).
func (p *casesPage) deliverColumns() []caseColumn {
	return []caseColumn{caseColumns[0], caseColumns[1], caseColumns[2],
		{"办结时间", 150, func(c hall.CaseSummary) string { return stampText(c.FinishedAt) }},
		{"已等待", 220, p.waitText},
		caseColumns[6]}
}

// waitText is how long a decided case has waited for 出件, in working days.
func (p *casesPage) waitText(c hall.CaseSummary) string {
	if p.env.Calendar == nil || c.FinishedAt.IsZero() {
		return ""
	}
	days, late := p.env.Calendar.DeliveryWait(c.FinishedAt, p.env.Clock.Now())
	if late {
		return T("cases.wait.late", "⚠ {{.N}} 个工作日，超10日期限", map[string]any{"N": days})
	}
	return T("cases.wait", "{{.N}} 个工作日", map[string]any{"N": days})
}

// casesPage lists this desk's cases, newest first.
type casesPage struct {
	env   *Env
	cols  []caseColumn       // caseColumns, or deliverColumns on 待出件
	list  *widget.RadioGroup // 全部办件 or 待出件 (decided, waiting to be handed over)
	rows  []hall.CaseSummary
	table *keyTable // Enter opens the case (screens.go)
	count *widget.Label
	stack *fyne.Container
	full  fyne.CanvasObject
	empty fyne.CanvasObject
}

func newCasesPage(e *Env) Page {
	p := &casesPage{env: e, count: widget.NewLabel(""), cols: caseColumns}
	p.table = newKeyTableWithHeaders(
		func() (int, int) { return len(p.rows), len(p.cols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(p.cols[id.Col].value(p.rows[id.Row]))
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
			o.(*widget.Label).SetText(p.cols[id.Col].title)
		}
	}
	p.widths()
	p.list = widget.NewRadioGroup([]string{listAll(), listToDeliver()}, nil)
	p.list.Horizontal, p.list.Required = true, true
	p.list.SetSelected(listAll())
	p.list.OnChanged = func(string) { p.Refresh() }
	p.full = container.NewBorder(container.NewHBox(heading(T("cases.title", "办件")), p.list, p.count,
		idLookupButton(e)), nil, nil, nil, p.table) // by ID number, audited (users_audit.go)
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

func (p *casesPage) widths() {
	for i, c := range p.cols {
		p.table.SetColumnWidth(i, c.width)
	}
}

// The lists of 办件: every case, or the decided ones waiting for 出件,
// whoever decided them (the window or the back office through the platform).
func listAll() string       { return T("cases.all", "全部办件") }
func listToDeliver() string { return T("cases.todeliver", "待出件") }

func (p *casesPage) Refresh() {
	f := hall.CaseFilter{Limit: 5000}
	toDeliver := p.list != nil && p.list.Selected == listToDeliver()
	if toDeliver {
		f.State, f.OldestDecided = hall.StateDecided, true // the longest waiting on top
	}
	Go(p.env, func(ctx context.Context) ([]hall.CaseSummary, error) {
		return p.env.Cases.ListCases(ctx, f)
	}, func(rows []hall.CaseSummary) {
		p.rows, p.cols = rows, caseColumns
		if toDeliver {
			p.cols = p.deliverColumns()
		}
		p.widths()
		p.count.SetText(T("cases.count", "共 {{.N}} 件", map[string]any{"N": len(rows)}))
		if toDeliver && len(rows) == 0 {
			p.count.SetText(T("cases.todeliver.none", "没有待出件的办件：办结后尚未出件的办件（含平台办结的）列在这里"))
		}
		if len(rows) == 0 && !toDeliver {
			p.stack.Objects = []fyne.CanvasObject{p.empty}
		} else {
			p.stack.Objects = []fyne.CanvasObject{p.full}
		}
		p.stack.Refresh()
		p.table.Refresh()
	})
}

// refreshCases shows a case action's outcome at once: the 办件 list (when
// on show) and the status bar's count of what waits to be synced.
func (sh *Shell) refreshCases() {
	if sh.Current() == ScreenCases {
		sh.pages[ScreenCases].Refresh()
	}
	sh.status.Refresh()
}

// ShowCasesList switches 办件 to 待出件 (toDeliver) or to every case, and
// opens the first case listed when open is true (for --screenshots); call
// it on the UI goroutine.
func ShowCasesList(sh *Shell, toDeliver, open bool) {
	p, ok := sh.pages[ScreenCases].(*casesPage)
	if !ok {
		return
	}
	if sh.env.openCase != nil {
		sh.env.openCase.close()
	}
	sh.Show(ScreenCases)
	if toDeliver {
		p.list.SetSelected(listToDeliver())
	} else {
		p.list.SetSelected(listAll())
	}
	if open && len(p.rows) > 0 {
		showCaseDetail(sh.env, p.rows[0].ID)
	}
}
