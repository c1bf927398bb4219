package ui

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Fyne tells a window nothing about input in general, so activity is read
// from two signs: the mouse moving over any part of the window that is not
// a widget with hover of its own (a transparent layer under the screens
// receives it), and a change of the UI's state between two looks — focus
// moved, text typed or the cursor moved in an entry, another screen or a
// dialog shown.

// touch records activity now.
func (l *LockScreen) touch() { l.last.Store(time.Now().UnixNano()) }

// watch looks every few seconds until the window's context ends.
func (l *LockScreen) watch() {
	t := time.NewTicker(3 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-l.env.ctx.Done():
			return
		case now := <-t.C:
			fyne.Do(func() { l.checkIdle(now) })
		}
	}
}

// checkIdle locks the window when nothing has happened for the idle time.
// It runs on the UI goroutine.
func (l *LockScreen) checkIdle(now time.Time) {
	if l.locked || l.env.Accounts.Current() == nil {
		return
	}
	if m := l.uiMark(); m != l.mark {
		l.mark = m
		l.touch()
		return
	}
	if now.Sub(time.Unix(0, l.last.Load())) >= l.idle {
		l.Lock()
	}
}

// uiMark sums up the state a person changes by working: the focused
// widget, an entry's text and cursor, the screen and the open dialogs.
func (l *LockScreen) uiMark() string {
	m := fmt.Sprint(l.sh.tabs.SelectedIndex())
	c := l.canvas()
	if c == nil {
		return m
	}
	f := c.Focused()
	m += fmt.Sprintf("|%p|%d", f, len(c.Overlays().List()))
	switch e := f.(type) {
	case *widget.Entry:
		m += fmt.Sprintf("|%d|%d|%d", len(e.Text), e.CursorRow, e.CursorColumn)
	case *widget.SelectEntry:
		m += fmt.Sprintf("|%d|%d|%d", len(e.Text), e.CursorRow, e.CursorColumn)
	}
	return m
}

// activityLayer lies under the screens and hears the mouse wherever no
// widget above takes the hover.
type activityLayer struct {
	widget.BaseWidget
	touch func()
}

func newActivityLayer(touch func()) *activityLayer {
	a := &activityLayer{touch: touch}
	a.ExtendBaseWidget(a)
	return a
}

func (a *activityLayer) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

func (a *activityLayer) MouseIn(*desktop.MouseEvent)    { a.touch() }
func (a *activityLayer) MouseMoved(*desktop.MouseEvent) { a.touch() }
func (a *activityLayer) MouseOut()                      {}
