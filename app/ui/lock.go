package ui

import (
	"context"
	"fmt"
	"image/color"
	"strconv"
	"sync/atomic"
	"time"
	"yichuang/hall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
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

// AfterFirstLogin runs f once, after the first login of this window (f
// shows work to a person: not to whoever walks past the login screen).
// Without accounts it runs f at once.
func (l *LockScreen) AfterFirstLogin(f func()) {
	if l.env.Accounts == nil {
		f()
		return
	}
	done := false
	l.env.OnUserChange(func() {
		if !done && l.env.Accounts.Current() != nil {
			done = true
			f()
		}
	})
}

// Demo accounts that --screenshots makes in its fresh, throw-away data
// directory (datadir.Throwaway: main refuses any other), to photograph the
// screens as a clerk sees them.
const (
	demoAdminPassword = "Demo#Admin2026"
	demoClerkPassword = "Demo#Clerk2026"
)

// DemoLogin sets up a fresh desk with an admin and a clerk and opens the
// window as the clerk. For --screenshots only: it runs on the UI goroutine
// and takes a second or two of password stretching.
func (l *LockScreen) DemoLogin(ctx context.Context) error {
	a := l.env.Accounts
	if a == nil {
		return nil
	}
	ctx = hall.AsDesk(ctx) // the desk sets itself up, then the admin acts
	if has, err := a.HasUsers(ctx); err != nil || has {
		return err
	}
	admin, err := a.Setup(ctx, hall.NewUser{Name: "guanli", DisplayName: "赵管理", Password: demoAdminPassword})
	if err != nil {
		return err
	}
	// Each step acts as the account that takes it, as the window's own
	// calls do (Env.Ctx): creating an account needs an admin.
	if _, err := a.CreateUser(hall.AsUser(ctx, admin), hall.NewUser{Name: "wangkun", DisplayName: "王堃", Role: hall.RoleClerk,
		Password: demoAdminPassword + "x"}); err != nil {
		return err
	}
	a.Logout(hall.AsUser(ctx, admin))
	clerk, err := a.Login(ctx, "wangkun", demoAdminPassword+"x")
	if err != nil {
		return err
	}
	if err := a.ChangePassword(hall.AsUser(ctx, clerk), demoAdminPassword+"x", demoClerkPassword); err != nil {
		return err
	}
	l.open()
	return nil
}

// DemoAdmin logs the demo clerk out and the demo admin in (--screenshots
// only: 同步's registration is an admin's).
func (l *LockScreen) DemoAdmin(ctx context.Context) error {
	a := l.env.Accounts
	if a == nil {
		return nil
	}
	ctx = hall.AsDesk(ctx)
	a.Logout(ctx)
	l.env.setUser(nil)
	l.sh.Reset()
	if _, err := a.Login(ctx, "guanli", demoAdminPassword); err != nil {
		return err
	}
	l.open()
	return nil
}

// DemoRating opens the applicant's rating of the first accepted case not
// yet rated (--screenshots only).
func DemoRating(sh *Shell) {
	e := sh.env
	Go(e, func(ctx context.Context) (*hall.Case, error) {
		list, err := e.Cases.ListCases(ctx, hall.CaseFilter{Limit: 50})
		if err != nil {
			return nil, err
		}
		for _, s := range list {
			c, _, err := e.Cases.Case(ctx, s.ID)
			if err == nil && !c.AcceptedAt.IsZero() && len(c.Ratings) == 0 {
				return c, nil
			}
		}
		return nil, nil
	}, func(c *hall.Case) { e.AskRating(c, hall.StageAccept, nil) })
}

// ShotsLogin opens the window as an existing account, for --screenshots of
// a prepared data directory (scripts/supervision-screenshots.sh): it logs
// in and, when the account must change its first password, sets newPassword.
func (l *LockScreen) ShotsLogin(ctx context.Context, name, password, newPassword string) error {
	a := l.env.Accounts
	if a == nil {
		return nil
	}
	u, err := a.Login(ctx, name, password)
	if err != nil {
		return err
	}
	if u.MustChange {
		if err := a.ChangePassword(hall.AsUser(ctx, u), password, newPassword); err != nil {
			return err
		}
	}
	l.open()
	return nil
}
