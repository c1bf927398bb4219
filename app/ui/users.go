package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
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
