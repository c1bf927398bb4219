package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// searchEntry is the catalog's search box: the clerk keeps typing while ↑ ↓
// (and PgUp PgDn) move through the results, Enter starts intake, Esc
// clears. A focused entry swallows every shortcut, so it passes on what it
// does not use: Alt+1…9 open 常用事项 and Ctrl+1…6 still switch screens.
type searchEntry struct {
	widget.Entry
	onMove     func(delta int)
	onEscape   func()
	onShortcut func(s *desktop.CustomShortcut) bool
	canvas     func() fyne.Canvas
}

func newSearchEntry() *searchEntry {
	e := &searchEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey moves through the results; other keys edit the text.
func (e *searchEntry) TypedKey(k *fyne.KeyEvent) {
	delta := map[fyne.KeyName]int{fyne.KeyUp: -1, fyne.KeyDown: 1, fyne.KeyPageUp: -10, fyne.KeyPageDown: 10}[k.Name]
	switch {
	case delta != 0 && e.onMove != nil:
		e.onMove(delta)
	case k.Name == fyne.KeyEscape && e.onEscape != nil:
		e.onEscape()
	default:
		e.Entry.TypedKey(k)
	}
}

// TypedShortcut keeps copy, paste and the like, and hands the rest on.
func (e *searchEntry) TypedShortcut(s fyne.Shortcut) {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok {
		e.Entry.TypedShortcut(s)
		return
	}
	if e.onShortcut != nil && e.onShortcut(cs) {
		return
	}
	if e.canvas != nil {
		if c, ok := e.canvas().(fyne.Shortcutable); ok {
			c.TypedShortcut(s)
			return
		}
	}
	e.Entry.TypedShortcut(s)
}
