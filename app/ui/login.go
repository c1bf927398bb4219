package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
	"yichuang/hall"
)

// lockCard is what the lock layer shows: a login, the first-start guide,
// the unlock of an idle desk, a password change.
type lockCard interface {
	Content() fyne.CanvasObject
	First() fyne.Focusable // where the keyboard goes
}

// card lays out a lock card: a title, a line of explanation, the fields,
// the message line and the buttons, at a width that reads well.
type card struct {
	title, hint string
	form        *widget.Form
	msg         *wrap.Label
	buttons     []fyne.CanvasObject
	first       fyne.Focusable
}

func newCard(title, hint string) *card {
	msg := wrap.NewLabel("")
	msg.Importance = widget.DangerImportance
	return &card{title: title, hint: hint, form: widget.NewForm(), msg: msg}
}

func (c *card) Content() fyne.CanvasObject {
	title := widget.NewLabelWithStyle(c.title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	hint := wrap.NewLabel(c.hint)
	body := container.NewVBox(title, hint, c.form, c.msg, container.NewHBox(c.buttons...))
	return container.NewGridWrap(fyne.NewSize(520, body.MinSize().Height+80), body)
}

func (c *card) First() fyne.Focusable { return c.first }

// fail shows why an attempt failed, in the card, in Chinese.
func (c *card) fail(err error) { c.msg.SetText(hall.ErrorMessage(err)) }

// busy disables the buttons while a login stretches its password.
func (c *card) busy(on bool) {
	for _, b := range c.buttons {
		if btn, ok := b.(*widget.Button); ok {
			if on {
				btn.Disable()
			} else {
				btn.Enable()
			}
		}
	}
}

func password(placeholder string) *widget.Entry {
	e := widget.NewPasswordEntry()
	e.SetPlaceHolder(placeholder)
	return e
}

// newLoginCard asks for a login name and password.
func newLoginCard(l *LockScreen, msg string) lockCard {
	c := newCard(T("login.title", "登录一窗"), T("login.hint", "请输入您的登录名和密码。连续输错 5 次，账号将被锁定一段时间。"))
	name, pw := widget.NewEntry(), password("")
	name.SetPlaceHolder(T("login.name.hint", "登录名"))
	c.form.Append(T("login.name", "登录名"), name)
	c.form.Append(T("login.password", "密码"), pw)
	c.msg.SetText(msg)
	fail := func(err error) {
		c.fail(err)
		pw.SetText("")
		l.canvas().Focus(pw)
	}
	submit := func() {
		goCard(l.env, c, func(ctx context.Context) (*hall.User, error) {
			return l.env.Accounts.Login(ctx, name.Text, pw.Text)
		}, func(u *hall.User) { l.loggedIn(u, pw.Text) }, fail)
	}
	loginBtn := widget.NewButtonWithIcon(T("login.submit", "登录"), theme.LoginIcon(), submit)
	loginBtn.Importance = widget.HighImportance
	c.buttons = []fyne.CanvasObject{loginBtn}
	name.OnSubmitted = func(string) { l.canvas().Focus(pw) }
	pw.OnSubmitted = func(string) { submit() }
	c.first = name
	return c
}

// goCard is Go for a lock card: the buttons are disabled while load runs
// (a login stretches its password for a good part of a second), and an
// error is shown in the card, not in a dialog over the lock.
func goCard[T any](e *Env, c *card, load func(ctx context.Context) (T, error), show func(T), fail func(error)) {
	c.busy(true)
	c.msg.SetText("")
	goThen(e, load, func(v T, err error) {
		c.busy(false)
		if err != nil {
			fail(err)
			return
		}
		show(v)
	})
}

// loggedIn continues after a successful login: a first password must be
// changed before the desk opens.
func (l *LockScreen) loggedIn(u *hall.User, pw string) {
	if u.MustChange {
		l.show(newChangeCard(l, u, pw))
		return
	}
	l.open()
}

// userStatus is the status bar's user line.
func userStatus(e *Env) string {
	if e.Accounts != nil {
		if u := e.Accounts.Current(); u != nil {
			return T("status.user", "当前用户：{{.User}}", map[string]any{"User": u.Label()})
		}
	}
	return T("status.user.none", "当前用户：未登录")
}
