package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
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
