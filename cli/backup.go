package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"yichuang/datadir"
	"yichuang/hall"
	"yichuang/store/sqlite"
)

func init() {
	register(command{"backup", "backup [--data DIR] [--password-file F] FILE",
		"把本机数据（数据库、本机密钥、附件）加密备份到 FILE；窗口运行时也可执行", runBackup})
}

// runBackup works while the window runs: it does not take the data
// directory's lock (only one window may hold it), but opens the database
// beside the window, as SQLite allows, and reads a snapshot of it.
func runBackup(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "backup")
	pwFile := fs.String("password-file", "", "从文件第一行读取备份密码（计划任务用）")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"请给出备份文件名"}
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
	pw, err := s.newPassword("备份密码")
	if err != nil {
		return err
	}
	db, err := sqlite.Open(ctx, path, env.Log)
	if err != nil {
		return err
	}
	defer db.Close()
	info, err := backupTo(ctx, db, filepath.Join(dir, datadir.FilesDir), fs.Arg(0), pw, env.Build.Version)
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

// backupTo writes the backup beside its final name and renames it into
// place once complete, so FILE is never a half-written backup.
func backupTo(ctx context.Context, db *sqlite.DB, files, file, password, app string) (hall.BackupInfo, error) {
	abs, _ := filepath.Abs(file)
	info := hall.BackupInfo{File: abs}
	tmp := abs + ".part"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return info, hall.Wrap(hall.EInvalid, err, "无法创建备份文件 %s，请检查目标目录", abs)
	}
	res, err := db.Backup(ctx, f, password, files, app, filepath.Base(abs))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = hall.Wrap(hall.EInternal, cerr, "备份文件 %s 无法写入", abs)
	}
	if err == nil {
		err = os.Rename(tmp, abs)
	}
	if err != nil {
		os.Remove(tmp)
		return info, err
	}
	st, _ := os.Stat(abs)
	info.Bytes, info.Files, info.Skipped = st.Size(), res.Files, len(res.Skipped)
	info.Created, info.HallName, info.DeskCode = res.Header.Created, res.Header.HallName, res.Header.DeskCode
	return info, nil
}

// Backup backs the open desk up to file (the window's 设置 → 备份/恢复).
func (d *Desk) Backup(ctx context.Context, file, password string) (hall.BackupInfo, error) {
	return backupTo(ctx, d.DB, d.Dir.Files(), file, password, "")
}

var _ hall.BackupService = (*Desk)(nil)
