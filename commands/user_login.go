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
		return nil, usageError{"本窗口已设置账号：请用 --as 登录名 指定执行命令的账号"}
	}
	pw, err := s.next("账号“" + name + "”的密码")
	if err != nil {
		return nil, err
	}
	return d.DB.Users().Login(ctx, name, pw)
}
