package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// newUnlockCard asks the user whose desk locked for their password; anyone
// else may switch user instead.
func newUnlockCard(l *LockScreen, u *hall.User) lockCard {
	c := newCard(T("unlock.title", "已锁定"), T("unlock.hint",
		"当前用户：{{.User}}。窗口已锁定，未保存的内容仍在，请输入密码解锁。", map[string]any{"User": u.Label()}))
	pw := password("")
	c.form.Append(T("login.password", "密码"), pw)
	submit := func() {
		goCard(l.env, c, func(ctx context.Context) (*hall.User, error) {
			return l.env.Accounts.Login(ctx, u.Name, pw.Text)
		}, func(u *hall.User) { l.loggedIn(u, pw.Text) }, func(err error) {
			c.fail(err)
			pw.SetText("")
			l.canvas().Focus(pw)
		})
	}
	pw.OnSubmitted = func(string) { submit() }
	btn := widget.NewButtonWithIcon(T("unlock.submit", "解锁"), theme.LoginIcon(), submit)
	btn.Importance = widget.HighImportance
	c.buttons = []fyne.CanvasObject{btn,
		widget.NewButtonWithIcon(T("unlock.switch", "切换用户"), theme.AccountIcon(), l.Logout)}
	c.first = pw
	return c
}

// newChangeCard makes a user whose password an admin set choose their own
// before the desk opens.
func newChangeCard(l *LockScreen, u *hall.User, old string) lockCard {
	c := newCard(T("change.title", "请修改初始密码"), T("change.hint",
		"{{.User}}：您的密码由管理员设置，请改为只有您自己知道的密码。", map[string]any{"User": u.Label()}))
	pw, again := password(""), password("")
	c.form.Append(T("change.new", "新密码"), pw)
	c.form.Append(T("change.again", "确认新密码"), again)
	submit := func() {
		if pw.Text != again.Text {
			c.msg.SetText(T("setup.mismatch", "两次输入的密码不一致"))
			return
		}
		goCard(l.env, c, func(ctx context.Context) (struct{}, error) {
			return struct{}{}, l.env.Accounts.ChangePassword(ctx, old, pw.Text)
		}, func(struct{}) { l.open() }, c.fail)
	}
	pw.OnSubmitted = func(string) { l.canvas().Focus(again) }
	again.OnSubmitted = func(string) { submit() }
	btn := widget.NewButtonWithIcon(T("change.submit", "修改并继续"), theme.ConfirmIcon(), submit)
	btn.Importance = widget.HighImportance
	c.buttons = []fyne.CanvasObject{btn}
	c.first = pw
	return c
}
