// Package ui holds the desk app's screens. A screen is a constructor that
// returns a fyne.CanvasObject; it asks the services of package hall for
// data and never touches SQL. Background work reaches widgets only through
// fyne.Do. The package does not import fyne.io/fyne/v2/app, so every screen
// can be tested headless with fyne.io/fyne/v2/test.
package ui

import (
	"context"
	"os"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"

	"yichuang/desk"
	"yichuang/documents"
	"yichuang/hall"
)

// Services is everything the screens may use; Info describes the running
// installation. Both are built once by the composition root (desk).
type (
	Services = desk.Services
	Info     = desk.Info
)

// Env is what every screen gets: the services, the window for dialogs and
// a way to move to another screen.
type Env struct {
	Services
	Window fyne.Window
	ctx    context.Context
	shell  *Shell
	lock   *LockScreen               // nil without Accounts (lock.go)
	onUser []func()                  // run when the logged-in user changes (lock.go)
	user   atomic.Pointer[hall.User] // the window's login; nil: nobody
	opts   Options
	// pageHooks are the screens' own such hooks, registered while building
	// (building), dropped when Shell.Reset builds the screens afresh.
	pageHooks []func()
	building  bool
	rating    *ratingPad // the 好差评 on show, if any (rating.go)
	// openCase is the case open over the screen, with its actions'
	// shortcuts bound (case_actions.go); nil when none is.
	openCase *caseView

	// The loads in flight, so that the shell closes before the database
	// (Shell.Close): a load cut short by the close is not an error.
	mu     sync.Mutex
	closed bool
	work   sync.WaitGroup
	cancel context.CancelFunc
}

// Options change how the shell runs its work, given once to NewShell. The
// zero value is the desk app's: background loads, the system's PDF viewer.
type Options struct {
	// Synchronous makes Go run on the caller's goroutine. Tests set it:
	// Fyne's test driver runs fyne.Do inline on any goroutine, so background
	// loads would race each other there, while the real driver serialises
	// them.
	Synchronous bool
	// OpenDocument hands a notice to a viewer; nil is the system's viewer
	// (print.go). Tests give one that records the path.
	OpenDocument func(path string) error
	// DraftSaved, when set, is called after every draft that reached the
	// database, from the saving goroutine.
	DraftSaved func(*hall.Draft)
}

// openDocument opens a notice with the viewer the options name: a sealed
// one through a clear copy in the user's private temporary folder
// (documents.ViewCopy), removed once the viewer has read it
// (documents.RemoveWhenRead).
func (e *Env) openDocument(path string) error {
	key, err := e.fileKey(e.Ctx())
	if err != nil {
		return err
	}
	view, err := documents.ViewCopy(path, key)
	if err != nil {
		return err
	}
	if e.opts.OpenDocument != nil {
		return e.opts.OpenDocument(view)
	}
	documents.RemoveWhenRead(view) // watching before the viewer starts: its first opening counts
	if err := systemViewer(view); err != nil {
		if view != path {
			os.Remove(view)
		}
		return err
	}
	return nil
}

// Ctx is the context for service calls: it ends when the window closes and
// carries the window's logged-in user as the actor, so the services check
// that user's role; with nobody logged in it carries no one and every
// guarded call is refused.
func (e *Env) Ctx() context.Context { return e.as(e.ctx) }

// as is ctx acting as the window's logged-in user, if any.
func (e *Env) as(ctx context.Context) context.Context {
	if u := e.user.Load(); u != nil {
		return hall.AsUser(ctx, u)
	}
	return ctx
}

// setUser records who is logged in at the window (nil after a logout).
func (e *Env) setUser(u *hall.User) { e.user.Store(u) }

// Go runs load off the UI goroutine and hands its result to show on the UI
// goroutine; an error goes to a dialog in Chinese instead. After the shell
// has closed it does nothing.
func Go[T any](e *Env, load func(ctx context.Context) (T, error), show func(T)) {
	goThen(e, load, func(v T, err error) {
		if err != nil {
			e.ShowError(err)
			return
		}
		show(v)
		if e.shell != nil {
			e.shell.loaded() // focus.go
		}
	})
}

// goThen runs load off the UI goroutine (on the caller's with
// Options.Synchronous) and hands its result to finish on the UI goroutine.
// The load is counted in, so Shell.Close waits for it before the database
// closes; once the shell has closed, nothing starts and nothing is shown
// (a load cut short by the close is nobody's error).
func goThen[T any](e *Env, load func(ctx context.Context) (T, error), finish func(T, error)) {
	if !e.begin() {
		return
	}
	done := func(v T, err error) {
		if !e.closing() {
			finish(v, err)
		}
	}
	if e.opts.Synchronous {
		v, err := load(e.Ctx())
		e.work.Done()
		done(v, err)
		return
	}
	go func() {
		v, err := load(e.Ctx())
		e.work.Done() // done with the services: Close may go on to the database
		if !e.closing() {
			fyne.Do(func() { done(v, err) })
		}
	}()
}

// begin counts a load in, unless the shell has closed.
func (e *Env) begin() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return false
	}
	e.work.Add(1)
	return true
}

func (e *Env) closing() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.closed
}

// close ends the shell's context and waits for the loads in flight.
func (e *Env) close() {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	if e.cancel != nil {
		e.cancel()
	}
	e.work.Wait()
}

// ShowError tells the clerk what went wrong, in Chinese; the detail goes to
// the log.
func (e *Env) ShowError(err error) {
	if e.Log != nil {
		e.Log.Error("action failed", "err", err)
	}
	if e.Window != nil {
		showMessage(e.Window, T("error.title", "操作未完成"), hall.ErrorMessage(err))
	}
}
