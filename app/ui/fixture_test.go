package ui

import (
	"context"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

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
	test.NewTempApp(t)
	ctx, cancel := context.WithCancel(hall.AsDesk(context.Background()))
	t.Cleanup(cancel)
	dk := desks.Open(t, dir) // testsupport/desks: closed when the test ends
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	return ctx, &fixture{desk: dk, win: w}
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
