package ui

import (
	"context"

	"yichuang/hall"
)

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
