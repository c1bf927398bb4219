package formview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// entry is a text field that moves on with Enter, lets Tab leave even a
// multi-line field, and hands the form's shortcuts (save, accept) to the
// form instead of swallowing them, as a plain Entry does.
type entry struct {
	widget.Entry
	form    *Form
	onLeave func()
	latin   bool // ID, phone, number, date, credit code: no input method (app/ime)
}

func newEntry(f *Form, multiline bool) *entry {
	e := &entry{form: f}
	e.MultiLine = multiline
	if multiline {
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
	}
	e.ExtendBaseWidget(e)
	if !multiline {
		e.OnSubmitted = func(string) { f.focusNext(e) }
	}
	return e
}

func (e *entry) AcceptsTab() bool { return false }

// LatinOnly keeps the input method off while the field has the focus
// (app/ime): a pinyin input method turns an ID's X into 下.
func (e *entry) LatinOnly() bool { return e.latin }

func (e *entry) TypedShortcut(s fyne.Shortcut) {
	if e.form.runShortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

func (e *entry) FocusGained() {
	e.Entry.FocusGained()
	e.form.gained(e)
}

func (e *entry) FocusLost() {
	e.Entry.FocusLost()
	if e.onLeave != nil {
		e.onLeave()
	}
}

// choice is a select the keyboard can drive: digits 1–9 pick an option,
// Delete or Backspace clear it, Enter moves on; Space, ↑ and ↓ open its
// list, which numbers the options (1. 2. …) so the digit to type is in
// sight (list.go).
type choice struct {
	widget.Select
	form *Form
}

func newChoice(f *Form, options []string, changed func(string)) *choice {
	c := &choice{form: f}
	c.Options = options
	c.OnChanged = changed
	c.PlaceHolder = " "
	c.ExtendBaseWidget(c)
	return c
}

func (c *choice) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		c.form.focusNext(c)
	case fyne.KeyDelete, fyne.KeyBackspace:
		c.ClearSelected()
	case fyne.KeySpace, fyne.KeyUp, fyne.KeyDown:
		c.showList()
	default:
		c.Select.TypedKey(k)
	}
}

func (c *choice) TypedRune(r rune) {
	if r >= '1' && r <= '9' && int(r-'1') < len(c.Options) {
		c.SetSelectedIndex(int(r - '1'))
	}
}

// Tapped opens the numbered list instead of Fyne's plain one.
func (c *choice) Tapped(*fyne.PointEvent) {
	if c.Disabled() {
		return
	}
	if cv := fyne.CurrentApp().Driver().CanvasForObject(c); cv != nil {
		cv.Focus(c)
	}
	c.showList()
}

func (c *choice) FocusGained() {
	c.Select.FocusGained()
	c.form.gained(c)
}

// tick is one option of a multi-select, or a confirmation: Space toggles
// it, Enter moves on.
type tick struct {
	widget.Check
	form *Form
}

func newTick(f *Form, label string, changed func(bool)) *tick {
	t := &tick{form: f}
	t.Text = label
	t.OnChanged = changed
	t.ExtendBaseWidget(t)
	return t
}

func (t *tick) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
		t.form.focusNext(t)
		return
	}
	t.Check.TypedKey(k)
}

func (t *tick) FocusGained() {
	t.Check.FocusGained()
	t.form.gained(t)
}
