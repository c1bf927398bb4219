package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
)

// The scope selector of 时限监督 (docs/adr/0020): 本窗口 (this desk's own
// cases), 本大厅 (every window of the hall), 下辖 (the halls under it, all
// or one township). It shows only on a desk that receives the platform's
// supervision feed.

const (
	scopeDesk  = "本窗口"
	scopeHall  = "本大厅"
	scopeUnder = "下辖（全部）"
)

// scopeBar is the selector and what its choices mean.
type scopeBar struct {
	p      *deadlinePage
	sel    *widget.Select
	box    *fyne.Container
	scopes map[string]supervision.Scope
	quiet  bool
}

func newScopeBar(p *deadlinePage) *scopeBar {
	s := &scopeBar{p: p, scopes: map[string]supervision.Scope{scopeDesk: {}}}
	s.sel = widget.NewSelect([]string{scopeDesk}, func(choice string) {
		if s.quiet {
			return
		}
		if sc, ok := s.scopes[choice]; ok && sc != p.scope {
			p.scope = sc
			p.Refresh()
			if p.monthly.report != nil {
				p.monthly.load() // the monthly report counts the same scope
			}
		}
	})
	s.sel.SetSelected(scopeDesk)
	s.box = container.NewHBox(widget.NewLabel(T("deadline.scope", "范围")),
		container.NewGridWrap(fyne.NewSize(260, s.sel.MinSize().Height), s.sel))
	s.box.Hide()
	return s
}

// setHalls offers the scopes the feed's tree allows: nothing beyond 本窗口
// without a feed; 下辖 only for a hall with halls under it.
func (s *scopeBar) setHalls(halls []supervision.Hall, own string) {
	s.quiet = true
	defer func() { s.quiet = false }()
	if len(halls) == 0 {
		s.box.Hide()
		return
	}
	opts := []string{scopeDesk, scopeHall}
	s.scopes = map[string]supervision.Scope{scopeDesk: {}, scopeHall: {Kind: supervision.ScopeHall}}
	var under []supervision.Hall
	for _, h := range halls {
		if h.Parent == own && h.Code != own {
			under = append(under, h)
		}
	}
	if len(under) > 0 {
		opts = append(opts, scopeUnder)
		s.scopes[scopeUnder] = supervision.Scope{Kind: supervision.ScopeUnder}
		for _, h := range under {
			label := "下辖：" + h.Name
			opts = append(opts, label)
			s.scopes[label] = supervision.Scope{Kind: supervision.ScopeUnder, Hall: h.Code}
		}
	}
	s.sel.Options = opts
	for label, sc := range s.scopes {
		if sc == s.p.scope {
			s.sel.SetSelected(label)
		}
	}
	s.sel.Refresh()
	s.box.Show()
}

// label names the chosen scope in words (the export's filter line).
func (s *scopeBar) label() string {
	if s.sel.Selected == "" || !s.box.Visible() {
		return scopeDesk
	}
	return s.sel.Selected
}

// hallNames names each hall of the board for the statistics.
func hallNames(b *supervision.Board) map[string]string {
	m := map[string]string{}
	for _, h := range b.Halls {
		m[h.Code] = h.Name
	}
	return m
}

// urges is the store's 督办 service, if the window has one.
func (p *deadlinePage) urges() (hall.UrgeService, bool) {
	u, ok := p.env.Cases.(hall.UrgeService)
	return u, ok
}

// urgeDialog asks a supervisor for a 督办 on another window's case: the
// reason and the day to reply by (three working days from today unless
// changed).
func (p *deadlinePage) urgeDialog(us hall.UrgeService, r *supervision.Row) {
	e := p.env
	if !supervises(e, "发出督办") {
		return
	}
	reason := widget.NewMultiLineEntry()
	reason.Wrapping = fyne.TextWrapWord
	reason.SetMinRowsVisible(3)
	reason.SetPlaceHolder(T("deadline.urge.hint", "如：该件已亮红灯，请说明原因并于回复期限前办结"))
	by := widget.NewEntry()
	today := p.today()
	by.SetText(today.AddDays(3).String())
	if b := p.board; b != nil && b.Calendar != nil {
		if d, err := b.Calendar.DueDate(today, hall.Limit{Days: 3, Unit: hall.WorkingDays}, nil); err == nil {
			by.SetText(d.Date.String())
		}
	}
	msg := dialogMessage()
	reason.OnChanged = func(string) { msg.SetText("") }
	facts := r.No + "　" + r.ItemName + "\n" + r.Department + "　" + r.Clerk + "　承诺办结 " + r.Promise.String() +
		"　" + leftOrState(r)
	form := widget.NewForm(widget.NewFormItem(T("deadline.urge.reason", "督办事由"), reason),
		widget.NewFormItem(T("deadline.urge.by", "回复期限"), by))
	var d *dialog.CustomDialog
	send := func() {
		text, day := strings.TrimSpace(reason.Text), strings.TrimSpace(by.Text)
		if text == "" {
			msg.SetText(T("deadline.urge.empty", "请填写督办事由"))
			return
		}
		if _, err := calendar.ParseDate(day); err != nil {
			msg.SetText(T("deadline.urge.baddate", "“回复期限”应为 YYYY-MM-DD 格式的日期"))
			return
		}
		no := r.No
		Go(e, func(ctx context.Context) (hall.Urge, error) {
			return us.SendUrge(ctx, no, text, day)
		}, func(hall.Urge) {
			d.Hide()
			showMessage(e.Window, T("deadline.urge.sent.title", "已督办"),
				T("deadline.urge.sent", "已对办件 {{.No}} 发出督办，将随下次同步送达办理窗口。", map[string]any{"No": no}))
		})
	}
	sendBtn := widget.NewButton(T("deadline.urge.send", "发出督办"), send)
	p.urgeForm = &urgeForm{reason: reason, by: by, send: sendBtn, msg: msg}
	d = rowDialog(e.Window, T("deadline.urge.title", "督办"), facts, form, msg, sendBtn, fyne.NewSize(560, 380))
	e.Window.Canvas().Focus(reason)
}

// urgeForm is the open 督办 dialog's fields, for tests.
type urgeForm struct {
	reason, by *widget.Entry
	send       *widget.Button
	msg        *widget.Label
}

func leftOrState(r *supervision.Row) string {
	if !r.Open() {
		return r.Finished.String() + " 办结"
	}
	return leftLabel(r)
}
