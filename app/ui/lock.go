package ui

import (
	"context"
	"strconv"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"yichuang/hall"
)

// LockScreen covers the window until someone logs in, and again when the
// desk has been left idle. The screens stay built underneath, only hidden
// (and so out of reach of the keyboard and of Tab), so whatever a clerk
// had typed is still there after unlocking; dialogs that were open leave
// the window's overlays and come back.
type LockScreen struct {
	env    *Env
	sh     *Shell
	under  fyne.CanvasObject
	layer  *fyne.Container
	root   fyne.CanvasObject
	locked bool
	idle   time.Duration
	last   atomic.Int64 // unix nanoseconds of the last sign of activity
	mark   string       // the UI state at the last check (activity.go)
	hidden []fyne.CanvasObject
}

// NewLockScreen puts the lock over the shell. Without an account service
// (tests of other screens) there is no lock and Content is the shell's.
func NewLockScreen(sh *Shell) *LockScreen {
	l := &LockScreen{env: sh.env, sh: sh, under: sh.Content(), idle: hall.DefaultIdleMinutes * time.Minute}
	if l.env.Accounts == nil {
		l.root = l.under
		return l
	}
	sh.env.lock = l
	l.layer = container.NewStack()
	l.layer.Hide()
	l.root = container.NewStack(newActivityLayer(l.touch), l.under, l.layer)
	l.touch()
	return l
}

// Content is the window's content.
func (l *LockScreen) Content() fyne.CanvasObject { return l.root }

// Locked reports whether the lock is up.
func (l *LockScreen) Locked() bool { return l.locked }

// Start shows the first-start guide or the login, and watches for idleness
// until the window's context ends.
func (l *LockScreen) Start() {
	if l.env.Accounts == nil {
		return
	}
	Go(l.env, func(ctx context.Context) (bool, error) { return l.env.Accounts.HasUsers(ctx) }, func(has bool) {
		if has {
			l.show(newLoginCard(l, ""))
		} else {
			l.show(newSetupCard(l))
		}
	})
	go l.watch()
}

// Lock puts the lock up for the logged-in user (idle, or 立即锁屏); the
// session and its key stay, so drafts keep saving underneath.
func (l *LockScreen) Lock() {
	u := l.env.Accounts.Current()
	if l.locked || u == nil {
		return
	}
	l.show(newUnlockCard(l, u))
	l.record(hall.AuditLock, "")
}

// Logout saves the open draft while its user still acts, ends the session,
// and shows the login over screens built afresh: the next user finds
// nothing of this one's (Shell.Reset), not even a dialog left open.
func (l *LockScreen) Logout() {
	if l.sh.intake != nil {
		l.sh.intake.Leave()
	}
	Go(l.env, func(ctx context.Context) (struct{}, error) {
		l.env.Accounts.Logout(ctx)
		return struct{}{}, nil
	}, func(struct{}) {
		l.env.setUser(nil)
		l.show(newLoginCard(l, ""))
		l.hidden = nil // the dialogs the lock took down were the previous user's
		l.sh.Reset()
		l.changed()
	})
}

// show puts a card up on the lock layer and hides everything under it.
func (l *LockScreen) show(card lockCard) {
	if !l.locked {
		l.locked = true
		l.under.Hide()
		if c := l.canvas(); c != nil {
			// Open dialogs leave the overlay stack (a hidden overlay would
			// still take the keyboard and the mouse) and come back after.
			l.hidden = append([]fyne.CanvasObject(nil), c.Overlays().List()...)
			for _, o := range l.hidden {
				c.Overlays().Remove(o)
			}
			c.Unfocus()
		}
	}
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	l.layer.Objects = []fyne.CanvasObject{bg, container.NewCenter(card.Content())}
	l.layer.Show()
	l.layer.Refresh()
	if c := l.canvas(); c != nil && card.First() != nil {
		c.Focus(card.First())
	}
}

// open takes the lock down after a login or unlock.
func (l *LockScreen) open() {
	l.env.setUser(l.env.Accounts.Current())
	l.locked = false
	l.layer.Hide()
	l.layer.Objects = nil
	l.under.Show()
	if c := l.canvas(); c != nil {
		for _, o := range l.hidden {
			c.Overlays().Add(o)
		}
	}
	l.hidden = nil
	l.touch()
	l.loadIdle()
	l.changed()
	l.sh.Show(l.sh.Current())
	if l.env.Retention != nil { // personal data past its period goes, whoever logs in
		Go(l.env, func(ctx context.Context) (int, error) { return l.env.Retention.PurgeDue(ctx) }, func(int) {})
	}
}

// changed tells the screens that depend on the user (status bar, 设置).
func (l *LockScreen) changed() {
	l.sh.status.Refresh()
	for _, f := range append(append([]func(){}, l.env.onUser...), l.env.pageHooks...) {
		f()
	}
}

// OnUserChange registers f to run (on the UI goroutine) after every login,
// logout or unlock: screens that depend on the role rebuild themselves. A
// screen's hooks go with the screen when a logout builds it afresh.
func (e *Env) OnUserChange(f func()) {
	if e.building {
		e.pageHooks = append(e.pageHooks, f)
		return
	}
	e.onUser = append(e.onUser, f)
}

func (l *LockScreen) canvas() fyne.Canvas {
	if l.env.Window == nil {
		return nil
	}
	return l.env.Window.Canvas()
}

// loadIdle reads the idle time from settings.
func (l *LockScreen) loadIdle() {
	Go(l.env, func(ctx context.Context) (string, error) { return l.env.Settings.Setting(ctx, hall.SettingIdleMinutes) },
		func(v string) {
			if m, err := strconv.Atoi(v); err == nil && m > 0 {
				l.idle = time.Duration(m) * time.Minute
			}
		})
}

func (l *LockScreen) record(a hall.AuditAction, detail string) {
	if l.env.Audit == nil {
		return
	}
	Go(l.env, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, l.env.Audit.Record(ctx, hall.AuditEntry{Action: a, Outcome: hall.AuditOK, Detail: detail})
	}, func(struct{}) {})
}
