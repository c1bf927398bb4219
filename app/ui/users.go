package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"yichuang/app/wrap"
	"yichuang/hall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// accountSection is the part of 设置 about people: the current account
// (change password, lock, log out) for everyone; accounts, security
// settings, backup and restore for an admin; the audit log for an admin or
// a supervisor. What a role may not use is not shown, and the services
// refuse it anyway.
type accountSection struct {
	env *Env
	box *fyne.Container
}

// newAccountSection builds the section; it rebuilds itself whenever the
// session changes.
func newAccountSection(e *Env) *accountSection {
	s := &accountSection{env: e, box: container.NewVBox()}
	e.OnUserChange(s.rebuild)
	s.rebuild()
	return s
}

func (s *accountSection) Content() fyne.CanvasObject { return s.box }

func (s *accountSection) rebuild() {
	e := s.env
	if e.Accounts == nil {
		s.box.Objects = nil
		s.box.Refresh()
		return
	}
	u := e.Accounts.Current()
	objs := []fyne.CanvasObject{heading(T("account.title", "当前账号")),
		field(T("account.user", "登录账号"), u.Label())}
	if u != nil {
		objs = append(objs, container.NewHBox(
			widget.NewButtonWithIcon(T("account.password", "修改密码"), theme.AccountIcon(), func() { showChangePassword(e) }),
			widget.NewButtonWithIcon(T("account.lock", "立即锁屏"), theme.VisibilityOffIcon(), func() { e.lock.Lock() }),
			widget.NewButtonWithIcon(T("account.logout", "退出登录"), theme.LogoutIcon(), func() { e.lock.Logout() })))
	}
	if u != nil && u.Role.Can(hall.PermManageUsers) {
		objs = append(objs, widget.NewSeparator(), newUserAdmin(e).Content(),
			widget.NewSeparator(), newSecuritySettings(e).Content())
	}
	if u != nil && u.Role.Can(hall.PermImportCatalog) && e.CatalogFiles != nil {
		objs = append(objs, widget.NewSeparator(), (&catalogImport{env: e}).Content())
	}
	if u != nil && u.Role.Can(hall.PermBackup) && e.Backup != nil {
		objs = append(objs, widget.NewSeparator(), newBackupSection(e).Content())
	}
	if u != nil && u.Role.Can(hall.PermViewAudit) && e.Audit != nil {
		objs = append(objs, widget.NewSeparator(), heading(T("audit.title", "审计日志")),
			container.NewHBox(widget.NewButtonWithIcon(T("audit.open", "查看审计日志"), theme.ListIcon(),
				func() { showAuditLog(e) })))
	}
	s.box.Objects = objs
	s.box.Refresh()
}

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

// securityFields are the admin's settings of accounts and privacy, each a
// whole number in a range (0 for retention keeps personal data).
var securityFields = []struct {
	key, label, hint string
	def, min, max    int
	zeroOK           bool
}{
	{hall.SettingIdleMinutes, "无操作自动锁屏（分钟）", "1 至 60，默认 5", hall.DefaultIdleMinutes, 1, 60, false},
	{hall.SettingLockoutMinutes, "输错 5 次后锁定（分钟）", "5 至 1440，默认 15", hall.DefaultLockoutMinutes, 5, 1440, false},
	{hall.SettingRetentionDays, "个人信息保存期（天）", "办结且平台已确认的办件，期满后清除个人信息；30 至 3650，0 为不清除", hall.DefaultRetentionDays, 30, 3650, true},
}

type securitySettings struct {
	env     *Env
	entries map[string]*widget.Entry
}

func newSecuritySettings(e *Env) *securitySettings {
	s := &securitySettings{env: e, entries: map[string]*widget.Entry{}}
	Go(e, func(ctx context.Context) (map[string]string, error) {
		out := map[string]string{}
		for _, f := range securityFields {
			v, err := e.Settings.Setting(ctx, f.key)
			if err != nil {
				return nil, err
			}
			if v == "" {
				v = strconv.Itoa(f.def)
			}
			out[f.key] = v
		}
		return out, nil
	}, func(vals map[string]string) {
		for k, v := range vals {
			if en := s.entries[k]; en != nil {
				en.SetText(v)
			}
		}
	})
	return s
}

func (s *securitySettings) Content() fyne.CanvasObject {
	form := widget.NewForm()
	for _, f := range securityFields {
		en := widget.NewEntry()
		en.SetPlaceHolder(f.hint)
		if s.entries[f.key] != nil {
			en.SetText(s.entries[f.key].Text)
		}
		s.entries[f.key] = en
		form.Append(f.label, en)
	}
	save := widget.NewButtonWithIcon(T("security.save", "保存安全设置"), theme.DocumentSaveIcon(), s.save)
	return container.NewVBox(heading(T("security.title", "安全与隐私")), form, container.NewHBox(save))
}

func (s *securitySettings) save() {
	vals := map[string]string{}
	for _, f := range securityFields {
		v := strings.TrimSpace(s.entries[f.key].Text)
		n, err := strconv.Atoi(v)
		if err != nil || (n < f.min || n > f.max) && !(f.zeroOK && n == 0) {
			s.env.ShowError(hall.Errorf(hall.EInvalid, "“%s”应为 %s，现为“%s”", f.label, f.hint, v))
			return
		}
		vals[f.key] = fmt.Sprint(n)
	}
	Go(s.env, func(ctx context.Context) (struct{}, error) { return struct{}{}, s.env.Settings.SetSettings(ctx, vals) },
		func(struct{}) {
			if s.env.lock != nil {
				s.env.lock.loadIdle()
			}
			showMessage(s.env.Window, T("settings.saved.title", "已保存"), T("security.saved", "安全设置已保存。"))
		})
}

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
