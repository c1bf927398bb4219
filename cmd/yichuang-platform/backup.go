package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"yichuang/hall"
	"yichuang/platform/backup"
	"yichuang/platform/store"
	"yichuang/secure"
)

// backupKDF is the cost of the backup password; tests lower it.
var backupKDF = secure.DefaultParams

func runBackup(ctx context.Context, args []string, out io.Writer) error {
	fs, pl := flags("backup")
	pwFile := fs.String("password-file", "", "从文件第一行读取备份密码（不给出则从标准输入读第一行）")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("请给出备份文件名")
	}
	if err := sqliteOnly(pl, "backup"); err != nil {
		return err
	}
	pw, err := readPassword(*pwFile)
	if err != nil {
		return err
	}
	if err := hall.CheckPassword(pw, ""); err != nil {
		return hall.Errorf(hall.EInvalid, "备份%s", hall.ErrorMessage(err))
	}
	st, err := openStore(ctx, pl, false)
	if err != nil {
		return err
	}
	defer st.Close()
	file, _ := filepath.Abs(fs.Arg(0))
	h, err := backup.Write(ctx, st, *pl.data, file, pw, version, backupKDF)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "平台备份完成：%s（%s，数据库与 %d 个附件）。请牢记备份密码：没有它无法恢复。\n",
		file, hall.HallTime(h.Created).Format("2006-01-02 15:04:05"), h.Files)
	return nil
}

func runRestore(ctx context.Context, args []string, out io.Writer) error {
	fs, pl := flags("restore")
	pwFile := fs.String("password-file", "", "从文件第一行读取备份密码（不给出则从标准输入读第一行）")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("请给出备份文件名")
	}
	if err := sqliteOnly(pl, "restore"); err != nil {
		return err
	}
	pw, err := readPassword(*pwFile)
	if err != nil {
		return err
	}
	dir, _ := filepath.Abs(*pl.data)
	// The key is kept apart from the data (docs/adr/0013) and is not in
	// the backup: the restored database opens with the key it was made with.
	key, err := store.LoadKeyFile(pl.keyFile(), false)
	if err != nil {
		return err
	}
	h, kept, err := backup.Restore(ctx, dir, fs.Arg(0), pw, key)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "平台已从 %s 的备份恢复（附件 %d 个）。恢复前的数据保存在 %s。"+
		"各窗口下次同步时会重新发送此后平台丢失的记录。\n", hall.HallTime(h.Created).Format("2006-01-02 15:04:05"), h.Files, kept)
	return nil
}

// runRestored records, after a PostgreSQL database was restored by its own
// means (pg_restore, a point-in-time recovery), that the platform lost
// what came after backupAt: the platform takes a new epoch, and every desk
// re-sends what it settled after that time, as after `restore` on SQLite
// (docs/adr/0016, 0024). Every instance must be stopped meanwhile.
func runRestored(ctx context.Context, args []string, out io.Writer) error {
	fs, pl := flags("restored")
	at := fs.String("backup-at", "", "恢复到的时刻（RFC 3339，如 2026-12-02T10:00:00+08:00）")
	if err := parse(fs, args); err != nil {
		return err
	}
	backupAt, err := time.Parse(time.RFC3339, *at)
	if err != nil {
		return usageError("--backup-at 应为 RFC 3339 时刻，如 2026-12-02T10:00:00+08:00")
	}
	st, err := openStore(ctx, pl, false)
	if err != nil {
		return err
	}
	defer st.Close()
	epoch, err := st.MarkRestored(ctx, backupAt)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "已记录平台恢复到 %s（新纪元 %s）。各窗口下次同步时会重新发送此后平台丢失的记录。\n",
		hall.HallTime(backupAt).Format("2006-01-02 15:04:05"), epoch)
	return nil
}

// sqliteOnly refuses backup and restore on PostgreSQL: they copy the SQLite
// pilot's one file. A province's database is backed up by PostgreSQL's own
// means, which also cover the instances writing meanwhile
// (docs/adr/0024).
func sqliteOnly(p place, cmd string) error {
	if !store.IsPostgres(p.target()) {
		return nil
	}
	return hall.Errorf(hall.EInvalid, "平台数据库在 PostgreSQL 上，%s 只用于 SQLite 试点平台。"+
		"请用 PostgreSQL 自己的备份与恢复：pg_basebackup 加 WAL 归档（可恢复到任一时刻），或 pg_dump / pg_restore；"+
		"共享的附件目录（%s 下的 files）另行备份，平台密钥文件与二者分开保存。"+
		"恢复数据库后、启动平台前执行 yichuang-platform restored --backup-at 恢复到的时刻", cmd, *p.data)
}

// readPassword reads the first line of file, or of standard input.
func readPassword(file string) (string, error) {
	var r io.Reader = os.Stdin
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", hall.Wrap(hall.EInvalid, err, "无法读取密码文件 %s", file)
		}
		defer f.Close()
		r = f
	}
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", hall.Wrap(hall.EInvalid, err, "无法读取备份密码")
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", hall.Errorf(hall.EInvalid, "备份密码不能为空")
	}
	return line, nil
}
