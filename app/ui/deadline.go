package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
	"yichuang/hall/calendar"
)

// deadlinePage shows the supervisor how the open cases stand against their
// promised completion dates.
type deadlinePage struct {
	env    *Env
	counts *fyne.Container
	states *widget.Label
	stack  *fyne.Container
	full   fyne.CanvasObject
	empty  fyne.CanvasObject
	note   *widget.Label
}

func newDeadlinePage(e *Env) Page {
	p := &deadlinePage{env: e, counts: container.NewGridWithColumns(4), states: widget.NewLabel(""), note: widget.NewLabel("")}
	p.states.Wrapping = fyne.TextWrapWord
	p.note.Wrapping = fyne.TextWrapWord
	p.full = container.NewVBox(heading(T("deadline.title", "时限监督：在办件亮灯情况")), p.counts,
		widget.NewSeparator(), heading(T("deadline.bystate", "按状态")), p.states, p.note)
	p.empty = emptyState(T("deadline.empty.title", "暂无在办件"),
		T("deadline.empty.hint", "受理办件后，这里按承诺办结日期显示绿灯、黄灯、红灯和挂起的办件数。"))
	p.stack = container.NewStack(p.empty)
	return p
}

func (p *deadlinePage) Content() fyne.CanvasObject { return p.stack }

type deadlineData struct {
	open   []hall.CaseSummary
	states map[hall.State]int
}

func (p *deadlinePage) Refresh() {
	Go(p.env, func(ctx context.Context) (deadlineData, error) {
		var d deadlineData
		var err error
		if d.open, err = p.env.Cases.ListCases(ctx, hall.CaseFilter{Open: true, Limit: 100000}); err != nil {
			return d, err
		}
		d.states, err = p.env.Cases.CountByState(ctx)
		return d, err
	}, p.show)
}

func (p *deadlinePage) show(d deadlineData) {
	if len(d.open) == 0 {
		p.stack.Objects = []fyne.CanvasObject{p.empty}
		p.stack.Refresh()
		return
	}
	lights := map[calendar.Light]int{}
	undated := 0
	today := calendar.DateOf(time.Now())
	for _, c := range d.open {
		due, err := calendar.ParseDate(c.PromiseDue)
		if err != nil || p.env.Calendar == nil {
			undated++
			continue
		}
		lights[p.env.Calendar.LightOf(today, calendar.DateOf(c.ReceivedAt), due, c.State.Suspended(), calendar.DefaultThresholds())]++
	}
	p.counts.Objects = nil
	for _, l := range []calendar.Light{calendar.Green, calendar.Yellow, calendar.Red, calendar.Suspended} {
		n := widget.NewLabelWithStyle(fmt.Sprintf("%s　%d 件", l, lights[l]), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		switch l {
		case calendar.Green:
			n.Importance = widget.SuccessImportance
		case calendar.Yellow:
			n.Importance = widget.WarningImportance
		case calendar.Red:
			n.Importance = widget.DangerImportance
		}
		p.counts.Add(widget.NewCard("", "", n))
	}
	text := ""
	for _, s := range hall.States() {
		if d.states[s] > 0 {
			text += fmt.Sprintf("%s %d 件　", s, d.states[s])
		}
	}
	p.states.SetText(text)
	p.note.SetText("")
	if undated > 0 {
		p.note.SetText(fmt.Sprintf("另有 %d 件尚未受理或无承诺办结日期，未计入亮灯。", undated))
	}
	p.stack.Objects = []fyne.CanvasObject{p.full}
	p.stack.Refresh()
}
