package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
)

// keyButton is a button that Enter presses as well as Space, and Escape
// backs out of: a confirmation answered from the keyboard.
type keyButton struct {
	widget.Button
	escape func()
}

func newKeyButton(label string, icon fyne.Resource, tapped, escape func()) *keyButton {
	b := &keyButton{escape: escape}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
	case fyne.KeyEscape:
		if b.escape != nil {
			b.escape()
		}
	default:
		b.Button.TypedKey(ev)
	}
}

// confirmAction asks before an action that cannot be taken back. The
// action's own button has the focus, named after what it does; Enter
// confirms, Escape cancels.
func confirmAction(w fyne.Window, title, msg, action string, fn func()) {
	text := wrap.NewLabel(msg)
	var d *dialog.CustomDialog
	cancel := widget.NewButtonWithIcon(T("dialog.cancel", "取消"), theme.CancelIcon(), func() { d.Hide() })
	ok := newKeyButton(action, theme.ConfirmIcon(), func() { d.Hide(); fn() }, func() { d.Hide() })
	ok.Importance = widget.DangerImportance
	body := container.NewVBox(container.NewGridWrap(fyne.NewSize(420, 60), text),
		container.NewCenter(container.NewHBox(cancel, ok)))
	d = dialog.NewCustomWithoutButtons(title, body, w)
	showDialog(w, d)
	w.Canvas().Focus(ok)
}
