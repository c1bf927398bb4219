package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"yichuang/datadir"
	"yichuang/hall"
	"yichuang/store/sqlite"
)

func init() {
	register(command{"restore", "restore [--data DIR] [--password-file F] [--other-desk] FILE",
		"从备份恢复本机数据（先关闭窗口；当前数据另存，不会丢失）", runRestore})
}

func runRestore(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "restore")
	pwFile := fs.String("password-file", "", "从文件第一行读取备份密码")
	other := fs.Bool("other-desk", false, "确认用另一个窗口的备份替换本机数据（例如更换电脑）")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"请给出备份文件名"}
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
	h, err := backupHeaderOf(file)
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
	pw, err := s.next("备份密码")
	if err != nil {
		return err
	}
	info, err := restoreNow(ctx, d.Path, file, pw, env)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已从 %s 的备份恢复（%s 窗口 %s）。恢复前的数据保存在 %s\n",
		info.Created.Local().Format("2006-01-02 15:04"), info.HallName, info.DeskCode, info.KeptAt)
	fmt.Fprint(env.Stdout, restoreNotice(info))
	return nil
}

func backupHeaderOf(file string) (sqlite.BackupHeader, error) {
	f, err := os.Open(file)
	if err != nil {
		return sqlite.BackupHeader{}, hall.Wrap(hall.EInvalid, err, "无法读取备份文件 %s", file)
	}
	defer f.Close()
	return sqlite.ReadBackupHeader(bufio.NewReader(f), file)
}

// sameDesk refuses, unless confirmed, a backup made at another desk: a
// mix-up between two windows' USB sticks must not replace a desk's data.
func sameDesk(ctx context.Context, dbPath string, h sqlite.BackupHeader, confirmed bool) error {
	cur := sqlite.DeskBindingOf(ctx, dbPath)
	if cur == "" || h.Binding == "" || cur == h.Binding || confirmed {
		return nil
	}
	return hall.Errorf(hall.EConflict, "这个备份来自另一个窗口（%s 窗口 %s，%s 备份），不是本机数据的备份。"+
		"本机数据未作任何改动。如确要用它替换本机数据（例如更换电脑），请加 --other-desk 再执行",
		h.HallName, h.DeskCode, h.Created.Local().Format("2006-01-02 15:04"))
}

// restoreNow unpacks and checks the backup in a staging folder inside the
// data directory, swaps it in (keeping the current data), and records the
// restore in the restored audit log. The caller holds the lock.
func restoreNow(ctx context.Context, dir, file, password string, env Env) (hall.BackupInfo, error) {
	info := hall.BackupInfo{File: file}
	f, err := os.Open(file)
	if err != nil {
		return info, hall.Wrap(hall.EInvalid, err, "无法读取备份文件 %s", file)
	}
	defer f.Close()
	stage := filepath.Join(dir, ".restore-"+sqlite.NewID())
	h, err := sqlite.UnpackBackup(ctx, f, filepath.Base(file), password, stage)
	if err != nil {
		os.RemoveAll(stage)
		return info, err
	}
	return swapAndRecord(ctx, dir, stage, file, h, env)
}

func swapAndRecord(ctx context.Context, dir, stage, file string, h sqlite.BackupHeader, env Env) (hall.BackupInfo, error) {
	info := hall.BackupInfo{File: file, Created: h.Created, HallName: h.HallName, DeskCode: h.DeskCode}
	replacedGen := sqlite.GenerationOf(ctx, filepath.Join(dir, datadir.DBFile)) // a restore repeated by mistake
	kept, err := sqlite.SwapIn(dir, stage, time.Now())
	if err != nil {
		os.RemoveAll(stage)
		return info, err
	}
	info.KeptAt = kept
	db, err := sqlite.Open(ctx, filepath.Join(dir, datadir.DBFile), env.Log)
	if err != nil {
		return info, err
	}
	defer db.Close()
	info.Restored, err = db.RecordRestore(ctx, file, h.Created, kept, replacedGen)
	return info, err
}

// restoreNotice tells the admin what a restore could not bring back: the
// cases taken after the backup and never synced are lost with the disk;
// the synced ones come back at the first sync (docs/adr/0016).
func restoreNotice(info hall.BackupInfo) string {
	r := info.Restored
	last := "备份中没有办件"
	if r.LastCaseNo != "" {
		last = "备份中最后的办件编号为 " + r.LastCaseNo
	}
	return fmt.Sprintf("备份时间 %s，%s。此后已同步到平台的办件，下次同步时从平台取回；此后受理但未同步的办件随原硬盘丢失，"+
		"请按回执联系这些申请人。为避免重号，此后的办件编号带恢复代号 %s（如 …-%s0001）。审计日志从第 %d 条之后续接。\n",
		r.BackupAt.Local().Format("2006-01-02 15:04:05"), last, hall.GenerationMark(r.Generation),
		hall.GenerationMark(r.Generation), r.ResumesAfter)
}
