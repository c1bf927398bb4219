package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
	"yichuang/hall"
)

// formDialog shows a form whose OK runs act off the UI goroutine; an error
// is shown and the dialog stays, so nothing typed is lost.
func formDialog(e *Env, title, ok string, items []*widget.FormItem, act func(ctx context.Context) error, done func()) {
	msg := wrap.NewLabel("")
	msg.Importance = widget.DangerImportance
	items = append(items, widget.NewFormItem("", msg))
	var d *dialog.FormDialog
	d = dialog.NewForm(title, ok, T("dialog.cancel", "取消"), items, func(confirmed bool) {
		if !confirmed {
			return
		}
		finish := func(err error) {
			if err != nil {
				msg.SetText(hall.ErrorMessage(err))
				showDialog(e.Window, d)
				return
			}
			if done != nil {
				done()
			}
		}
		if e.opts.Synchronous {
			finish(act(e.Ctx()))
			return
		}
		go func() {
			err := act(e.Ctx())
			fyne.Do(func() { finish(err) })
		}()
	}, e.Window)
	d.Resize(fyne.NewSize(520, 0))
	showDialog(e.Window, d)
	focused := false
	for _, it := range items { // the keyboard starts in the first field; Enter in a field submits
		en := firstEntry(it.Widget)
		if en == nil {
			continue
		}
		if !focused {
			e.Window.Canvas().Focus(en)
			focused = true
		}
		if en.OnSubmitted == nil && !en.MultiLine {
			en.OnSubmitted = func(string) { d.Submit() }
		}
	}
}

// firstEntry is the first text entry in o, nil if it has none.
func firstEntry(o fyne.CanvasObject) *widget.Entry {
	switch x := o.(type) {
	case *widget.Entry:
		return x
	case *fyne.Container:
		for _, c := range x.Objects {
			if en := firstEntry(c); en != nil {
				return en
			}
		}
	}
	return nil
}

func showChangePassword(e *Env) {
	old, pw, again := password(""), password(""), password("")
	formDialog(e, T("account.password", "修改密码"), T("dialog.ok.change", "修改"), []*widget.FormItem{
		widget.NewFormItem(T("change.old", "原密码"), old), widget.NewFormItem(T("change.new", "新密码"), pw),
		widget.NewFormItem(T("change.again", "确认新密码"), again)}, func(ctx context.Context) error {
		if pw.Text != again.Text {
			return hall.Errorf(hall.EInvalid, "两次输入的新密码不一致")
		}
		return e.Accounts.ChangePassword(ctx, old.Text, pw.Text)
	}, func() {
		showMessage(e.Window, T("account.password", "修改密码"), T("account.password.done", "密码已修改。"))
	})
}

func showNewUser(e *Env, done func()) {
	login, name, pw := widget.NewEntry(), widget.NewEntry(), password(T("users.first.hint", "用户首次登录时须修改"))
	role := widget.NewSelect(roleLabels(), nil)
	role.SetSelected(hall.RoleClerk.Label())
	formDialog(e, T("users.add", "新建账号"), T("dialog.ok.create", "创建"), []*widget.FormItem{
		widget.NewFormItem(T("setup.login", "登录名"), login), widget.NewFormItem(T("setup.name", "姓名"), name),
		widget.NewFormItem(T("users.role.label", "角色"), role), widget.NewFormItem(T("users.first.label", "初始密码"), pw)},
		func(ctx context.Context) error {
			r, err := hall.ParseRole(role.Selected)
			if err != nil {
				return err
			}
			_, err = e.Accounts.CreateUser(ctx, hall.NewUser{Name: login.Text, DisplayName: name.Text, Role: r, Password: pw.Text})
			return err
		}, done)
}

func showResetPassword(e *Env, u hall.User, done func()) {
	pw := password(T("users.first.hint", "用户首次登录时须修改"))
	formDialog(e, T("users.reset.title", "为 {{.User}} 设置新密码", map[string]any{"User": u.DisplayName}),
		T("dialog.ok.confirm", "确定"), []*widget.FormItem{widget.NewFormItem(T("users.first.label", "初始密码"), pw)},
		func(ctx context.Context) error { return e.Accounts.ResetPassword(ctx, u.ID, pw.Text) }, done)
}
