package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"

	"yichuang/desk"
	"yichuang/hall"
	"yichuang/testsupport/desks"
)

// The UI tests' desks and windows are built here and nowhere else: a real
// desk (SQLite file, demo catalog) in a temp dir, a 1280×800 window on
// Fyne's headless test driver, and the shell over the desk's own service
// set as the desk app builds it (guarded settings and all), with the tests'
// options.

type fixture struct {
	shell *Shell
	desk  *desk.Desk
	win   fyne.Window

	mu     sync.Mutex
	opened []string // notices handed to the viewer, in order
}

// documents are the notices the shell opened so far.
func (f *fixture) documents() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.opened...)
}

// testOptions run loads on the calling goroutine (Fyne's test driver runs
// fyne.Do inline) and record, never open, the notices handed to a viewer.
func (f *fixture) testOptions() Options {
	return Options{Synchronous: true, OpenDocument: func(path string) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.opened = append(f.opened, path)
		return nil
	}}
}

// deskShell builds the shell over dk with the desk's service set; edit, if
// given, changes the set first (a stand-in sync engine, say).
func (f *fixture) deskShell(ctx context.Context, o Options, edit func(*Services)) *Shell {
	s := f.desk.Services(Info{Version: "test"}, nil)
	if edit != nil {
		edit(&s)
	}
	f.shell = NewShell(ctx, f.win, s, o)
	return f.shell
}

// openDeskWindow opens a real desk in dir (a fresh temp dir when empty) and
// the window; both close, and the context ends, when the test does.
func openDeskWindow(t testing.TB, dir string) (context.Context, *fixture) {
	t.Helper()
	ctx, cancel := context.WithCancel(hall.AsDesk(context.Background()))
	t.Cleanup(cancel)
	w := newWindow(t)
	dk := desks.Open(t, dir) // testsupport/desks: closed when the test ends
	return ctx, &fixture{desk: dk, win: w}
}

// newWindow is a fresh headless app and its 1280×800 window, closed when
// the test ends: on its own, for a shell over a service set the test
// builds (no desk, or an empty database).
func newWindow(t testing.TB) fyne.Window {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	return w
}

// newFixture is a fresh desk and the whole shell, started.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureWith(t, nil)
}

// newFixtureWith is newFixture with the service set changed by edit.
func newFixtureWith(t *testing.T, edit func(*Services)) *fixture {
	t.Helper()
	ctx, f := openDeskWindow(t, "")
	sh := f.deskShell(ctx, f.testOptions(), edit)
	f.win.SetContent(sh.Content())
	sh.Start(time.Hour)
	return f
}

// newCatalogFixture is newFixture with the window's shortcuts wired as the
// desk app wires them.
func newCatalogFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.shell.AddShortcuts(f.win.Canvas())
	return f
}

// reopenFixture builds the screens, not started, on an existing data
// directory.
func reopenFixture(t testing.TB, dir string) *fixture {
	t.Helper()
	ctx, f := openDeskWindow(t, dir)
	f.win.SetContent(f.deskShell(ctx, f.testOptions(), nil).Content())
	return f
}

func (f *fixture) catalog() *catalogPage { return f.shell.pages[ScreenCatalog].(*catalogPage) }

// walk visits o and everything drawn inside it: a container's objects and
// a widget's renderer's, widgets inside widgets included (a table's cells).
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	walkUntil(o, func(x fyne.CanvasObject) bool { fn(x); return true })
}

// walkUntil is walk where fn says whether to look inside what it was given.
func walkUntil(o fyne.CanvasObject, fn func(fyne.CanvasObject) bool) {
	if !fn(o) {
		return
	}
	switch c := o.(type) {
	case *fyne.Container:
		for _, x := range c.Objects {
			walkUntil(x, fn)
		}
	case fyne.Widget:
		if r := test.WidgetRenderer(c); r != nil {
			for _, x := range r.Objects() {
				walkUntil(x, fn)
			}
		}
	}
}

// texts collects the text of every label and button under o.
func texts(o fyne.CanvasObject) []string {
	var out []string
	walkUntil(o, func(x fyne.CanvasObject) bool {
		switch v := x.(type) {
		case *widget.Label:
			out = append(out, v.Text)
			return false
		case *widget.Button:
			out = append(out, v.Text)
			return false
		}
		return true
	})
	return out
}

// allText joins the text of every label and button under o, a wrapped
// label's as given, not as broken into lines.
func allText(o fyne.CanvasObject) string {
	var b strings.Builder
	walkUntil(o, func(x fyne.CanvasObject) bool {
		switch v := x.(type) {
		case *widget.Label:
			b.WriteString(v.Text + "\n")
		case *wrap.Label:
			b.WriteString(v.Text + "\n")
			return false
		case *widget.Button:
			b.WriteString(v.Text + "\n")
		}
		return true
	})
	return b.String()
}

// drawnText is the text of every label the object's renderers draw, a
// wrapped label's line by line.
func drawnText(o fyne.CanvasObject) string {
	var b strings.Builder
	walk(o, func(x fyne.CanvasObject) {
		if l, ok := x.(*widget.Label); ok {
			b.WriteString(l.Text + "\n")
		}
	})
	return b.String()
}

// formText joins the labels and values of every widget.Form under o.
func formText(o fyne.CanvasObject) string {
	var b strings.Builder
	walkUntil(o, func(x fyne.CanvasObject) bool {
		f, ok := x.(*widget.Form)
		if !ok {
			return true
		}
		for _, it := range f.Items {
			b.WriteString(it.Text + "\n")
			if l, ok := it.Widget.(*widget.Label); ok {
				b.WriteString(l.Text + "\n")
			}
		}
		return false
	})
	return b.String()
}

// walkButtons calls fn with every button under o.
func walkButtons(o fyne.CanvasObject, fn func(*widget.Button)) {
	walk(o, func(x fyne.CanvasObject) {
		if b, ok := x.(*widget.Button); ok {
			fn(b)
		}
	})
}

// findButton finds the button labelled text under o.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walkButtons(o, func(b *widget.Button) {
		if b.Text == text {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}

// tapButton taps the first button labelled label under o, if there is one.
func tapButton(o fyne.CanvasObject, label string) bool {
	tapped := false
	walkButtons(o, func(b *widget.Button) {
		if b.Text == label && !tapped {
			test.Tap(b)
			tapped = true
		}
	})
	return tapped
}
