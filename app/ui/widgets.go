package ui

import (
	"yichuang/app/wrap"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// emptyState tells the clerk that there is nothing here yet and what to do
// next, with the buttons that do it.
func emptyState(title, hint string, actions ...fyne.CanvasObject) fyne.CanvasObject {
	head := widget.NewLabelWithStyle(title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	body := wrap.NewLabelWithStyle(hint, fyne.TextAlignCenter, fyne.TextStyle{})
	objs := []fyne.CanvasObject{head, body}
	if len(actions) > 0 {
		objs = append(objs, container.NewCenter(container.NewHBox(actions...)))
	}
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 160), container.NewVBox(objs...)))
}

// heading is a screen's title line.
func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// showMessage is a modal note with one button, which has the focus: Enter,
// Space or Escape closes it, so a clerk's hands stay on the keyboard.
func showMessage(w fyne.Window, title, msg string) {
	l := wrap.NewLabel(msg)
	var d *dialog.CustomDialog
	ok := newKeyButton(T("dialog.ok", "知道了"), nil, func() { d.Hide() }, func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(container.NewGridWrap(fyne.NewSize(420, 80), l),
		container.NewCenter(ok)), w)
	showDialog(w, d)
	w.Canvas().Focus(ok)
}

// field is one "label: value" line of a detail view.
func field(label, value string) fyne.CanvasObject {
	v := widget.NewLabel(value) // selectable, so Fyne's own label
	v.Wrapping = fyne.TextWrapWord
	v.Selectable = true
	return container.NewBorder(nil, nil,
		container.NewGridWrap(fyne.NewSize(120, 36), widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})),
		nil, v)
}

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
