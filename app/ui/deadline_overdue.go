package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
	"yichuang/hall/supervision"
)

// reasonForm is the open 超期原因 dialog's fields, for tests.
type reasonForm struct {
	entry *widget.Entry
	save  *widget.Button
	msg   *widget.Label
}

// overdueReasons is the store's 超期原因 service, if the window has one.
func (p *deadlinePage) overdueReasons() (supervision.Reasons, bool) {
	r, ok := p.env.Cases.(supervision.Reasons)
	return r, ok
}

// onCaseSelected opens the 超期原因 dialog for an overdue (red, or finished
// late) case; other rows only take the selection away again.
func (p *deadlinePage) onCaseSelected(id widget.TableCellID) {
	p.table.UnselectAll()
	if id.Row < 0 || id.Row >= len(p.view.rows) {
		return
	}
	r := p.view.rows[id.Row]
	if r.Remote {
		// Another window's case: the supervisor may send a 督办; its 超期原因
		// is for the desk that handles it.
		if us, ok := p.urges(); ok {
			p.urgeDialog(us, r)
		}
		return
	}
	rs, ok := p.overdueReasons()
	if !r.Late || !ok {
		return
	}
	e := p.env
	if !supervises(e, "登记超期原因") {
		return
	}
	no := r.No
	Go(e, func(ctx context.Context) (string, error) {
		m, err := rs.OverdueReasons(ctx, []string{no})
		return m[no], err
	}, func(old string) { p.reasonDialog(rs, r, old) })
}

// reasonDialog asks for the reason, showing the one recorded before.
func (p *deadlinePage) reasonDialog(rs supervision.Reasons, r *supervision.Row, old string) {
	e := p.env
	entry := widget.NewMultiLineEntry()
	entry.SetText(old)
	entry.SetPlaceHolder(T("deadline.reason.hint", "如：申请人补充材料时间较长、需现场核查、系统故障等"))
	entry.Wrapping = fyne.TextWrapWord
	entry.SetMinRowsVisible(4)
	msg := dialogMessage()
	state := "在办"
	if !r.Open() {
		state = r.Finished.String() + " 办结"
	}
	facts := r.No + "　" + r.ItemName + "\n" + r.Department + "　承诺办结 " + r.Promise.String() + "　" + state
	form := widget.NewForm(widget.NewFormItem(T("deadline.reason.field", "超期原因"), entry))
	var d *dialog.CustomDialog
	save := func() {
		reason := strings.TrimSpace(entry.Text)
		if reason == "" {
			msg.SetText(T("deadline.reason.empty", "请填写超期原因"))
			return
		}
		no := r.No
		Go(e, func(ctx context.Context) (struct{}, error) {
			return struct{}{}, rs.RecordOverdueReason(ctx, no, reason)
		}, func(struct{}) {
			e.Changed()
			d.Hide()
			showMessage(e.Window, T("deadline.reason.saved.title", "已登记"),
				T("deadline.reason.saved", "已登记办件 {{.No}} 的超期原因，将随下次同步报送平台。", map[string]any{"No": no}))
			if p.monthly.report != nil {
				p.monthly.load() // the report's overdue list shows it
			}
		})
	}
	saveBtn := widget.NewButton(T("deadline.reason.save", "保存"), save)
	p.reasonForm = &reasonForm{entry: entry, save: saveBtn, msg: msg}
	d = rowDialog(e.Window, T("deadline.reason.title", "登记超期原因"), facts, form, msg, saveBtn, fyne.NewSize(560, 360))
	e.Window.Canvas().Focus(entry)
}

// supervises says whether the logged-in user may take a supervisor's action
// on a row (what names it), showing the refusal when not. As the store
// decides (audit.go): a desk without accounts has no roles; with them, only
// a supervisor or an administrator.
func supervises(e *Env, what string) bool {
	if e.Accounts != nil {
		if u := e.Accounts.Current(); u != nil && !u.Role.Can(hall.PermSupervise) {
			e.ShowError(hall.Forbidden(u, what))
			return false
		}
	}
	return true
}

// dialogMessage is the line a dialog names what is wrong in.
func dialogMessage() *widget.Label {
	msg := widget.NewLabel("")
	msg.Importance = widget.DangerImportance
	msg.Wrapping = fyne.TextWrapWord
	return msg
}

// rowDialog shows a supervisor's dialog on one row of 时限监督: the case's
// facts above its form, the message line and 取消 beside the action's
// button below; the action hides the dialog it returns when done.
func rowDialog(w fyne.Window, title, facts string, form *widget.Form, msg *widget.Label, action *widget.Button,
	size fyne.Size) *dialog.CustomDialog {
	head := widget.NewLabel(facts)
	head.Wrapping = fyne.TextWrapWord
	action.Importance = widget.HighImportance
	var d *dialog.CustomDialog
	cancel := widget.NewButton(T("dialog.cancel", "取消"), func() { d.Hide() })
	content := container.NewBorder(head, container.NewVBox(msg, container.NewHBox(layout.NewSpacer(), cancel, action)),
		nil, nil, form)
	d = dialog.NewCustomWithoutButtons(title, content, w)
	d.Resize(size)
	showDialog(w, d)
	return d
}
