package commands

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"yichuang/datadir"
	"yichuang/desk"
	"yichuang/hall"
	"yichuang/store/sqlite"
)

// runBackup works while the window runs: it does not take the data
// directory's lock (only one window may hold it), but opens the database
// beside the window, as SQLite allows, and reads a snapshot of it.
func runBackup(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "backup")
	pwFile := fs.String("password-file", "", "从文件读取密码，每行一个（设置了账号的窗口：先是 --as 账号的密码，再是备份密码）")
	as := fs.String("as", "", "设置了账号的窗口：以此管理员账号执行")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return UsageError{"请给出备份文件名"}
	}
	dir, err := dataDir(*data)
	if err != nil {
		return err
	}
	path := filepath.Join(dir, datadir.DBFile)
	if _, err := os.Stat(path); err != nil {
		return hall.Errorf(hall.ENotFound, "数据目录 %s 中没有一窗的数据库，没有可备份的数据", dir)
	}
	s, err := newSecrets(env, *pwFile)
	if err != nil {
		return err
	}
	db, err := sqlite.Open(ctx, path, env.Log)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, logout, err := actAs(ctx, &desk.Desk{DB: db}, *as, s, hall.PermBackup, "备份数据")
	if err != nil {
		return err
	}
	defer logout()
	pw, err := s.newPassword("备份密码")
	if err != nil {
		return err
	}
	info, err := desk.BackupTo(ctx, db, filepath.Join(dir, datadir.FilesDir), fs.Arg(0), pw, env.Build.Version)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "备份完成：%s（%d 字节，附件 %d 个）。请牢记备份密码：没有它无法恢复。\n", info.File, info.Bytes, info.Files)
	if info.Skipped > 0 {
		fmt.Fprintf(env.Stderr, "注意：%d 个附件的内容与其名称（SHA-256）不符，已损坏，未备份。\n", info.Skipped)
	}
	return nil
}

func dataDir(flag string) (string, error) {
	if flag != "" {
		return filepath.Abs(flag)
	}
	return datadir.Default()
}
