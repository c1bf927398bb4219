package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/formview"
	"yichuang/app/wrap"
	"yichuang/documents"
	"yichuang/hall"
)

// The counter's actions on an open case (办件 detail): each a button with
// an Alt shortcut, a small form for what the law wants recorded, one call
// to CaseService.Transition (one transaction), then its notice written and
// opened. The forms are in case_forms.go.

// counterAction is one button of the case's action bar.
type counterAction struct {
	id      string
	label   string
	key     fyne.KeyName
	allowed func(c *hall.Case) bool
	open    func(v *caseView)
}

func inState(states ...hall.State) func(c *hall.Case) bool {
	return func(c *hall.Case) bool {
		for _, s := range states {
			if c.State == s {
				return true
			}
		}
		return false
	}
}

// counterActions is the one table of them, in the bar's order.
func counterActions() []counterAction {
	running := inState(hall.StateAccepted, hall.StateReview, hall.StateSpecial)
	return []counterAction{
		{"accept", T("counter.accept", "受理"), fyne.KeyA, inState(hall.StateReceived), (*caseView).openAccept},
		{"refuse", T("counter.refuse", "不予受理"), fyne.KeyR, inState(hall.StateReceived), (*caseView).openRefuse},
		{"correct", T("counter.correct", "补正告知"), fyne.KeyB, inState(hall.StateReceived), (*caseView).openCorrect},
		{"form", T("counter.form", "更正申请表"), fyne.KeyE, inState(hall.StateReceived), (*caseView).openCorrectForm}, // case_forms.go
		{"supply", T("counter.supply", "补正材料收讫"), fyne.KeyS, inState(hall.StateCorrection), (*caseView).openSupply},
		{"decide", T("counter.decide", "办结"), fyne.KeyJ, inState(hall.StateAccepted, hall.StateReview), (*caseView).openDecide},
		{"extend", T("counter.extend", "延期"), fyne.KeyY, func(c *hall.Case) bool { return running(c) && c.ExtendedDays == 0 },
			(*caseView).openExtend},
		{"withdraw", T("counter.withdraw", "撤回"), fyne.KeyW, func(c *hall.Case) bool { return c.State.Open() && c.State != hall.StateEnquiry },
			(*caseView).openWithdraw},
		{"deliver", T("counter.deliver", "出件"), fyne.KeyC, inState(hall.StateDecided), (*caseView).openDeliver},
	}
}

// caseView is a case open over the current screen, with the actions its
// state allows.
type caseView struct {
	e       *Env
	d       *caseDetail
	dlg     dialog.Dialog
	buttons map[string]*widget.Button
	keys    map[fyne.KeyName]func()
	form    *counterForm   // the action's form while it is open
	last    *counterResult // the last action taken
	closed  bool
}

// shortcut is the Alt shortcut of an action's key.
func shortcut(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierAlt}
}

// actionBar is the buttons of the actions the case's state allows; their
// shortcuts go on the window while the case is open.
func (v *caseView) actionBar() fyne.CanvasObject {
	v.buttons, v.keys = map[string]*widget.Button{}, map[fyne.KeyName]func(){}
	bar := container.NewHBox()
	for _, a := range counterActions() {
		if !a.allowed(v.d.c) || (a.id == "decide" && !v.d.windowDecides()) { // 承诺件: the platform decides (casedetail.go)
			continue
		}
		a := a
		run := func() {
			if v.form == nil && !v.closed {
				a.open(v)
			}
		}
		b := widget.NewButton(a.label+" Alt+"+string(a.key), run)
		if a.id == "accept" || a.id == "decide" || a.id == "deliver" || a.id == "supply" {
			b.Importance = widget.HighImportance
		}
		v.buttons[a.id], v.keys[a.key] = b, run
		bar.Add(b)
	}
	if inState(hall.StateAccepted, hall.StateReview)(v.d.c) && !v.d.windowDecides() {
		bar.Add(widget.NewLabel(v.d.decideNote()))
	}
	if len(bar.Objects) == 0 {
		return widget.NewLabel(T("counter.none", "本件当前没有需要窗口办理的操作"))
	}
	return bar
}

// typed runs the action bound to an Alt shortcut; false when none is.
// Nothing runs while another dialog is over the case (an action's form,
// the 好差评 pad): nothing acts behind a dialog (focus.go).
func (v *caseView) typed(s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || cs.Modifier != fyne.KeyModifierAlt {
		return false
	}
	if !v.onTop() {
		return false
	}
	run, ok := v.keys[cs.KeyName]
	if ok {
		run()
	}
	return ok
}

// onTop reports whether the case's dialog is the top one on the window.
func (v *caseView) onTop() bool { return onTop(v.e.Window, v.dlg) }

func (v *caseView) bindKeys() {
	if v.e.Window == nil {
		return
	}
	c := v.e.Window.Canvas()
	for k := range v.keys {
		c.AddShortcut(shortcut(k), func(s fyne.Shortcut) { v.typed(s) })
	}
}

func (v *caseView) unbindKeys() {
	if v.e.Window == nil {
		return
	}
	for k := range v.keys {
		v.e.Window.Canvas().RemoveShortcut(shortcut(k))
	}
}

// counterResult is a committed action and the notices it wrote.
type counterResult struct {
	Case   *hall.Case
	Events []hall.Event
	PDFs   []string
	Err    error // refused, or committed but a notice could not be written
}

// run commits the steps the form prepared in one transaction, writes the
// notices and shows the case again as it now stands.
func (v *caseView) run(f *counterForm, build func(h hall.HallInfo) []hall.Transition) {
	f.ok.Disable()
	id := v.d.c.ID
	Go(v.e, func(ctx context.Context) (*counterResult, error) {
		h, err := v.e.hallInfo(ctx)
		if err != nil {
			return &counterResult{Err: err}, nil
		}
		c, evs, err := v.e.Cases.Transition(ctx, id, build(h)...)
		if err != nil {
			return &counterResult{Err: err}, nil
		}
		res := &counterResult{Case: c, Events: evs}
		for _, ev := range evs {
			at, n, ok := documents.ForEvent(c, ev)
			if !ok {
				continue
			}
			path, werr := v.e.writeNotice(ctx, at, n)
			if werr != nil {
				res.Err = werr
				continue
			}
			res.PDFs = append(res.PDFs, path)
		}
		return res, nil
	}, func(res *counterResult) {
		f.ok.Enable()
		if res.Case == nil { // refused: nothing was committed, what was typed stays
			f.msg.SetText(hall.ErrorMessage(res.Err))
			return
		}
		v.last = res
		f.close()
		v.close()
		if v.e.shell != nil {
			v.e.shell.refreshCases()
		}
		if len(res.PDFs) > 0 {
			if err := v.e.openDocument(res.PDFs[len(res.PDFs)-1]); err != nil {
				v.e.ShowError(err)
			}
		}
		if res.Err != nil {
			v.e.ShowError(res.Err)
		}
		// 一次一评: the applicant rates the service after 受理 and after 出件,
		// on a pad over the reopened case.
		showCaseDetailThen(v.e, res.Case.ID, func() {
			for _, ev := range res.Events {
				switch ev.Action {
				case hall.ActAccept:
					v.e.AskRating(res.Case, hall.StageAccept, nil)
				case hall.ActDeliver:
					v.e.AskRating(res.Case, hall.StageDeliver, nil)
				}
			}
		})
	})
}

func (v *caseView) close() {
	if v.closed {
		return
	}
	v.closed = true
	v.unbindKeys()
	if v.dlg != nil {
		v.dlg.Hide()
	}
	if v.e.openCase == v {
		v.e.openCase = nil
	}
}

// counterForm is one action's form: its fields, a message line for what
// stops it, 确定 and 取消.
type counterForm struct {
	v       *caseView
	title   string
	entries map[string]*widget.Entry
	msg     *wrap.Label
	ok      *widget.Button
	dlg     *dialog.CustomDialog
	radio   map[string]*widget.RadioGroup
	checks  []*widget.Check
	first   fyne.Focusable // the first field, which gets the focus
	// formView is the application form being corrected (更正申请表).
	formView *formview.Form
}

func (v *caseView) newForm(title string) *counterForm {
	return &counterForm{v: v, title: title, entries: map[string]*widget.Entry{}, radio: map[string]*widget.RadioGroup{},
		msg: wrap.NewLabel("")}
}

// entry adds a one-line (or, multi, several-line) field.
func (f *counterForm) entry(key, hint string, multi bool) *widget.Entry {
	e := widget.NewEntry()
	if multi {
		e = widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
	}
	e.PlaceHolder = hint
	f.entries[key] = e
	if f.first == nil {
		f.first = e
	}
	return e
}

// show opens the form with body above its buttons; prepare reads it and
// returns the steps to commit, or what stops them (shown in the form).
func (f *counterForm) show(body fyne.CanvasObject, action string, prepare func() (func(hall.HallInfo) []hall.Transition, error)) {
	cancel := widget.NewButtonWithIcon(T("dialog.cancel", "取消"), theme.CancelIcon(), f.close)
	f.ok = widget.NewButtonWithIcon(action, theme.ConfirmIcon(), func() {
		build, err := prepare()
		if err != nil {
			f.msg.SetText(hall.ErrorMessage(err))
			return
		}
		f.msg.SetText("")
		f.v.run(f, build)
	})
	f.ok.Importance = widget.HighImportance
	content := container.NewVBox(body, f.msg, container.NewCenter(container.NewHBox(cancel, f.ok)))
	f.v.form = f
	if f.v.e.Window == nil {
		return
	}
	f.dlg = dialog.NewCustomWithoutButtons(f.title, container.NewGridWrap(fyne.NewSize(620, content.MinSize().Height), content), f.v.e.Window)
	showDialog(f.v.e.Window, f.dlg)
	if f.first != nil {
		f.v.e.Window.Canvas().Focus(f.first)
	} else {
		f.v.e.Window.Canvas().Focus(f.ok)
	}
}

func (f *counterForm) close() {
	if f.dlg != nil {
		f.dlg.Hide()
	}
	if f.v.form == f {
		f.v.form = nil
	}
}

// counterFields are the lines the counter's transitions add to the case:
// the result and licence, the extension, when it was finished and handed
// over.
func (d *caseDetail) counterFields() []fyne.CanvasObject {
	c := d.c
	var out []fyne.CanvasObject
	if c.ExtendedDays > 0 {
		out = append(out, field(T("case.extended", "延期"), T("case.extended.days", "法定期限已延长 {{.N}} 个工作日",
			map[string]any{"N": c.ExtendedDays})))
	}
	if c.Result != "" {
		out = append(out, field(T("case.result", "办结结果"), string(c.Result)))
	}
	if c.Licence != "" {
		out = append(out, field(T("case.licence.no", "证照编号"), c.Licence))
	}
	if !c.FinishedAt.IsZero() {
		out = append(out, field(T("case.finished", "办结时间"), stampText(c.FinishedAt)))
	}
	if !c.DeliveredAt.IsZero() {
		out = append(out, field(T("case.delivered", "出件时间"), stampText(c.DeliveredAt)))
	}
	return out
}
