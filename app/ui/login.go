package ui

import (
	"context"
	"yichuang/app/wrap"
	"yichuang/hall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
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

// newSetupCard guides the first start: the desk has no account, so the
// person installing it creates the admin, whose password also protects
// the desk's data key.
func newSetupCard(l *LockScreen) lockCard {
	c := newCard(T("setup.title", "首次使用：创建管理员账号"), T("setup.hint",
		"本窗口还没有任何账号。请先创建管理员：管理员负责为窗口人员和监督人员创建账号、修改设置、备份和恢复数据，但不受理办件。申请人的证件号码、电话和地址将加密保存，只有本窗口的账号登录后才能打开。密码至少八位，须包含大写字母、小写字母、数字、符号中的至少三种。请牢记密码。"))
	login, name := widget.NewEntry(), widget.NewEntry()
	login.SetPlaceHolder(T("setup.login.hint", "例如 admin 或 zhangsan"))
	name.SetPlaceHolder(T("setup.name.hint", "例如 张三"))
	pw, again := password(""), password("")
	c.form.Append(T("setup.login", "登录名"), login)
	c.form.Append(T("setup.name", "姓名"), name)
	c.form.Append(T("setup.password", "密码"), pw)
	c.form.Append(T("setup.again", "确认密码"), again)
	submit := func() {
		if pw.Text != again.Text {
			c.msg.SetText(T("setup.mismatch", "两次输入的密码不一致"))
			return
		}
		goCard(l.env, c, func(ctx context.Context) (*hall.User, error) {
			return l.env.Accounts.Setup(ctx, hall.NewUser{Name: login.Text, DisplayName: name.Text, Password: pw.Text})
		}, func(*hall.User) {
			l.open()
			showMessage(l.env.Window, T("setup.done.title", "管理员已创建"), T("setup.done",
				"下一步：在“设置”的“账号管理”中为窗口人员创建账号。管理员账号不能受理办件。"))
		}, c.fail)
	}
	btn := widget.NewButtonWithIcon(T("setup.submit", "创建管理员并登录"), theme.ConfirmIcon(), submit)
	btn.Importance = widget.HighImportance
	c.buttons = []fyne.CanvasObject{btn}
	for _, e := range []*widget.Entry{login, name, pw} {
		e := e
		e.OnSubmitted = func(string) { l.canvas().FocusNext() }
	}
	again.OnSubmitted = func(string) { submit() }
	c.first = login
	return c
}

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
