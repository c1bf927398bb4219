package commands

import (
	"context"
	"strings"

	"yichuang/desk"
	"yichuang/hall"
)

// loginAs logs a headless command in as the named user, reading the
// password from the secrets (a file or standard input), so the command can
// seal and open personal data and acts under that user's role in the audit
// log. A desk with no accounts needs no login.
func loginAs(ctx context.Context, d *desk.Desk, name string, s *secrets) (*hall.User, error) {
	has, err := d.DB.Users().HasUsers(ctx)
	if err != nil || !has {
		return nil, err
	}
	if strings.TrimSpace(name) == "" {
		return nil, UsageError{"本窗口已设置账号：请用 --as 登录名 指定执行命令的账号"}
	}
	pw, err := s.next("账号“" + name + "”的密码")
	if err != nil {
		return nil, err
	}
	return d.DB.Users().Login(ctx, name, pw)
}

// actAs is ctx carrying who runs the command. On a desk with accounts that
// is the --as user, logged in with their password and required to hold
// perm (what names the action in the refusal); on a desk with none yet it
// is the desk itself, run by the owner of the data directory. The returned
// actAsFrom is actAs with the password read from file, or from standard
// input when file is "" (the --password-file flag).
func actAsFrom(ctx context.Context, env Env, d *desk.Desk, name, file string, perm hall.Permission,
	what string) (context.Context, func(), error) {
	s, err := newSecrets(env, file)
	if err != nil {
		return ctx, nil, err
	}
	return actAs(ctx, d, name, s, perm, what)
}

// logout ends the login (call it when done; it is a no-op otherwise).
func actAs(ctx context.Context, d *desk.Desk, name string, s *secrets, perm hall.Permission,
	what string) (context.Context, func(), error) {
	u, err := loginAs(ctx, d, name, s)
	if err != nil {
		return nil, nil, err
	}
	if u == nil {
		return hall.AsDesk(ctx), func() {}, nil
	}
	logout := func() { d.DB.Users().Logout(hall.AsUser(context.WithoutCancel(ctx), u)) }
	if !u.Role.Can(perm) {
		logout()
		return nil, nil, hall.Forbidden(u, what)
	}
	return hall.AsUser(ctx, u), logout, nil
}
