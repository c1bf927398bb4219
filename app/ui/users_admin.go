package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// userAdmin lists the desk's accounts for an admin, with what can be done
// to each: a new first password, lifting a lockout, stopping or restoring
// the account, another role. Platform accounts waiting for a first
// password are listed too.
type userAdmin struct {
	env  *Env
	rows *fyne.Container
}

func newUserAdmin(e *Env) *userAdmin {
	a := &userAdmin{env: e, rows: container.NewVBox()}
	a.load()
	return a
}

func (a *userAdmin) Content() fyne.CanvasObject {
	add := widget.NewButtonWithIcon(T("users.add", "新建账号"), theme.ContentAddIcon(), func() { showNewUser(a.env, a.load) })
	return container.NewVBox(heading(T("users.title", "账号管理")), a.rows, container.NewHBox(add))
}

func (a *userAdmin) load() {
	Go(a.env, func(ctx context.Context) ([]hall.User, error) { return a.env.Accounts.ListUsers(ctx) }, func(us []hall.User) {
		a.rows.Objects = nil
		for _, u := range us {
			a.rows.Add(a.row(u))
		}
		a.rows.Refresh()
	})
}

func (a *userAdmin) row(u hall.User) fyne.CanvasObject {
	now := time.Now()
	text := u.Name + "　" + u.DisplayName + "　" + u.Role.Label() + "　" + u.StateLabel(now)
	if u.Source == "platform" {
		text += T("users.platform", "（平台账号）")
	}
	label := widget.NewLabel(text)
	label.Truncation = fyne.TextTruncateEllipsis
	var btns []fyne.CanvasObject
	do := func(title string, f func(ctx context.Context) error) func() {
		return func() {
			Go(a.env, func(ctx context.Context) (struct{}, error) { return struct{}{}, f(ctx) }, func(struct{}) {
				a.load()
				showMessage(a.env.Window, title, T("users.done", "已完成。"))
			})
		}
	}
	reset := T("users.reset", "重置密码")
	if !u.HasPassword {
		reset = T("users.first", "设置初始密码")
	}
	btns = append(btns, widget.NewButton(reset, func() { showResetPassword(a.env, u, a.load) }))
	if now.Before(u.LockedUntil) {
		btns = append(btns, widget.NewButton(T("users.unlock", "解除锁定"),
			do(T("users.unlock", "解除锁定"), func(ctx context.Context) error { return a.env.Accounts.UnlockUser(ctx, u.ID) })))
	}
	if u.HasPassword || u.Disabled {
		title := T("users.disable", "停用")
		if u.Disabled {
			title = T("users.enable", "启用")
		}
		btns = append(btns, widget.NewButton(title, do(title, func(ctx context.Context) error {
			return a.env.Accounts.SetDisabled(ctx, u.ID, !u.Disabled)
		})))
	}
	roles := widget.NewSelect(roleLabels(), nil)
	roles.SetSelected(u.Role.Label())
	roles.OnChanged = func(s string) {
		r, err := hall.ParseRole(s)
		if err != nil || r == u.Role {
			return
		}
		do(T("users.role", "修改角色"), func(ctx context.Context) error { return a.env.Accounts.SetRole(ctx, u.ID, r) })()
	}
	if !u.HasPassword && u.Source == "platform" {
		roles.Disable() // the platform's account gets its role when it is created here
	}
	actions := container.NewHBox(append([]fyne.CanvasObject{container.NewGridWrap(fyne.NewSize(130, roles.MinSize().Height), roles)}, btns...)...)
	// the right padding keeps the last button clear of the page's scroll bar
	return container.NewBorder(nil, nil, nil, container.New(layout.NewCustomPaddedLayout(0, 0, 0, 12), actions), label)
}

func roleLabels() []string {
	var out []string
	for _, r := range hall.Roles {
		out = append(out, r.Label())
	}
	return out
}
