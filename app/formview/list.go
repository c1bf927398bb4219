package formview

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// numberedList is a choice's open list: its options numbered 1. 2. … (the
// first nine, which a digit picks), ↑ ↓ and Enter as in any menu, Esc
// closes it, a click outside too. The field itself shows the option
// without its number.
type numberedList struct {
	widget.BaseWidget
	menu  *widget.Menu
	n     int
	pick  func(i int)
	close func()
}

func (l *numberedList) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(l.menu) }

func (l *numberedList) FocusGained() {}
func (l *numberedList) FocusLost()   {}

func (l *numberedList) TypedRune(r rune) {
	if r >= '1' && r <= '9' && int(r-'1') < min(l.n, 9) {
		l.pick(int(r - '1'))
	}
}

func (l *numberedList) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDown:
		l.menu.ActivateNext()
	case fyne.KeyUp:
		l.menu.ActivatePrevious()
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		l.menu.TriggerLast()
	case fyne.KeyEscape, fyne.KeyTab:
		l.close()
	}
}

// optionLabel is how the list shows option i: numbered while a digit can
// pick it.
func optionLabel(i int, o string) string {
	if i < 9 {
		return fmt.Sprintf("%d. %s", i+1, o)
	}
	return o
}

// showList opens c's numbered list below it, the chosen option lit, and
// gives it the keyboard; picking or closing gives the keyboard back.
func (c *choice) showList() {
	cv := fyne.CurrentApp().Driver().CanvasForObject(c)
	if cv == nil || len(c.Options) == 0 {
		return
	}
	var pop *widget.PopUp
	l := &numberedList{n: len(c.Options)}
	done := func() {
		if pop != nil && pop.Visible() {
			pop.Hide()
		}
		cv.Focus(c)
	}
	l.pick = func(i int) {
		done()
		c.SetSelectedIndex(i)
	}
	l.close = done
	items := make([]*fyne.MenuItem, len(c.Options))
	for i, o := range c.Options {
		items[i] = fyne.NewMenuItem(optionLabel(i, o), func() { l.pick(i) })
	}
	l.menu = widget.NewMenu(fyne.NewMenu("", items...))
	l.menu.OnDismiss = done
	l.ExtendBaseWidget(l)
	for range c.SelectedIndex() + 1 {
		l.menu.ActivateNext()
	}
	pop = widget.NewPopUp(l, cv)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(c)
	pop.ShowAtPosition(pos.Add(fyne.NewPos(0, c.Size().Height)))
	pop.Resize(fyne.NewSize(c.Size().Width, l.MinSize().Height))
	cv.Focus(l)
}
