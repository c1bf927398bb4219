package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

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
