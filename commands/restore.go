package commands

import (
	"context"
	"fmt"
	"os"

	"yichuang/backupfile"
	"yichuang/datadir"
	"yichuang/desk"
	"yichuang/hall"
	"yichuang/store/sqlite"
)

func runRestore(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "restore")
	pwFile := fs.String("password-file", "", "从文件读取密码，每行一个（设置了账号的窗口：先是 --as 账号的密码，再是备份密码）")
	as := fs.String("as", "", "设置了账号的窗口：以此管理员账号执行")
	other := fs.Bool("other-desk", false, "确认用另一个窗口的备份替换本机数据（例如更换电脑）")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return UsageError{"请给出备份文件名"}
	}
	file := fs.Arg(0)
	dir, err := dataDir(*data)
	if err != nil {
		return err
	}
	d, err := datadir.Open(dir) // the window must be closed: its database is replaced
	if err != nil {
		return err
	}
	defer d.Close()
	h, err := desk.BackupHeaderOf(file)
	if err != nil {
		return err
	}
	if err := sameDesk(ctx, d.DB(), h, *other); err != nil {
		return err
	}
	s, err := newSecrets(env, *pwFile)
	if err != nil {
		return err
	}
	ctx, err = mayRestore(ctx, env, d.DB(), *as, s)
	if err != nil {
		return err
	}
	pw, err := s.next("备份密码")
	if err != nil {
		return err
	}
	info, err := desk.RestoreNow(ctx, d.Path, file, pw, env.Log)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已从 %s 的备份恢复（%s 窗口 %s）。恢复前的数据保存在 %s\n",
		hall.HallTime(info.Created).Format("2006-01-02 15:04"), info.HallName, info.DeskCode, info.KeptAt)
	fmt.Fprint(env.Stdout, desk.RestoreNotice(info))
	return nil
}

// sameDesk refuses, unless confirmed, a backup made at another desk: a
// mix-up between two windows' USB sticks must not replace a desk's data.
func sameDesk(ctx context.Context, dbPath string, h backupfile.Header, confirmed bool) error {
	cur := sqlite.DeskBindingOf(ctx, dbPath)
	if cur == "" || h.Binding == "" || cur == h.Binding || confirmed {
		return nil
	}
	return hall.Errorf(hall.EConflict, "这个备份来自另一个窗口（%s 窗口 %s，%s 备份），不是本机数据的备份。"+
		"本机数据未作任何改动。如确要用它替换本机数据（例如更换电脑），请加 --other-desk 再执行",
		h.HallName, h.DeskCode, hall.HallTime(h.Created).Format("2006-01-02 15:04"))
}

// mayRestore lets a restore replace a desk with accounts only when an admin
// runs it (--as): the current data is someone's, and so is the decision.
// The context it returns names who restored, for the audit record.
func mayRestore(ctx context.Context, env Env, dbPath, as string, s *secrets) (context.Context, error) {
	if _, err := os.Stat(dbPath); err != nil {
		return hall.AsDesk(ctx), nil // nothing to replace: a new PC
	}
	db, err := sqlite.Open(ctx, dbPath, env.Log)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	actx, logout, err := actAs(ctx, &desk.Desk{DB: db}, as, s, hall.PermBackup, "恢复数据")
	if err != nil {
		return nil, err
	}
	logout()
	return actx, nil
}
