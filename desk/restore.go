package desk

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"yichuang/backupfile"
	"yichuang/datadir"
	"yichuang/hall"
	"yichuang/store/sqlite"
)

// The window cannot replace the database it has open, so 设置 → 恢复 checks
// the backup and stages it in the data directory; the next start swaps it
// in before the database is opened (Open).
const (
	pendingStage  = ".restore-pending"
	pendingMarker = "restore.pending"
)

type pendingRestore struct {
	File   string            `json:"file"`
	Header backupfile.Header `json:"header"`
}

// StageRestore checks a backup with its password and prepares it to
// replace this desk's data at the next start. Admin only.
func (d *Desk) StageRestore(ctx context.Context, file, password string) (hall.BackupInfo, error) {
	info := hall.BackupInfo{File: file}
	if u := d.DB.Users().Current(); u == nil || !u.Role.Can(hall.PermBackup) {
		return info, hall.Forbidden(u, "恢复数据")
	}
	h, err := BackupHeaderOf(file)
	if err != nil {
		return info, err
	}
	f, err := os.Open(file)
	if err != nil {
		return info, hall.Wrap(hall.EInvalid, err, "无法读取备份文件 %s", file)
	}
	defer f.Close()
	stage := filepath.Join(d.Dir.Path, pendingStage)
	os.RemoveAll(stage)
	if h, err = sqlite.UnpackBackup(ctx, f, filepath.Base(file), password, stage); err != nil {
		os.RemoveAll(stage)
		return info, err
	}
	b, _ := json.Marshal(pendingRestore{File: file, Header: h})
	if err := os.WriteFile(filepath.Join(d.Dir.Path, pendingMarker), b, 0o600); err != nil {
		os.RemoveAll(stage)
		return info, hall.Wrap(hall.EInternal, err, "无法写入数据目录 %s", d.Dir.Path)
	}
	_ = d.DB.Audit().Record(ctx, hall.AuditEntry{Action: hall.AuditRestore, Object: filepath.Base(file),
		Outcome: hall.AuditOK, Detail: "备份已校验，下次启动时恢复"})
	info.Created, info.HallName, info.DeskCode = h.Created, h.HallName, h.DeskCode
	info.Restored.BackupAt = h.Created
	info.Restored.LastCaseNo = sqlite.LastCaseNumberOf(ctx, filepath.Join(stage, datadir.DBFile))
	return info, nil
}

// applyPendingRestore swaps a staged restore in at start, before the
// database opens. A failed swap leaves the current data in place and says so.
func applyPendingRestore(ctx context.Context, dir string, log *slog.Logger) error {
	b, err := os.ReadFile(filepath.Join(dir, pendingMarker))
	if os.IsNotExist(err) {
		return nil
	}
	os.Remove(filepath.Join(dir, pendingMarker)) // one attempt: a failure must not block every start
	var p pendingRestore
	stage := filepath.Join(dir, pendingStage)
	if err != nil || json.Unmarshal(b, &p) != nil {
		os.RemoveAll(stage)
		return hall.Errorf(hall.ECorrupt, "待恢复的标记文件已损坏，未恢复；本机数据未作任何改动")
	}
	info, err := swapAndRecord(ctx, dir, stage, p.File, p.Header, log)
	if err != nil {
		return hall.Wrap(hall.ErrorCode(err), err, "从备份恢复未完成：%s。再次打开程序将使用原来的数据", hall.ErrorMessage(err))
	}
	log.Warn("restored from backup", "file", p.File, "kept", info.KeptAt, "notice", RestoreNotice(info))
	return nil
}

// BackupHeaderOf reads the header of a backup file.
func BackupHeaderOf(file string) (backupfile.Header, error) {
	f, err := os.Open(file)
	if err != nil {
		return backupfile.Header{}, hall.Wrap(hall.EInvalid, err, "无法读取备份文件 %s", file)
	}
	defer f.Close()
	return sqlite.ReadBackupHeader(bufio.NewReader(f), file)
}

// RestoreNow unpacks and checks the backup in a staging folder inside the
// data directory, swaps it in (keeping the current data), and records the
// restore in the restored audit log. The caller holds the lock.
func RestoreNow(ctx context.Context, dir, file, password string, log *slog.Logger) (hall.BackupInfo, error) {
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
	return swapAndRecord(ctx, dir, stage, file, h, log)
}

func swapAndRecord(ctx context.Context, dir, stage, file string, h backupfile.Header, log *slog.Logger) (hall.BackupInfo, error) {
	info := hall.BackupInfo{File: file, Created: h.Created, HallName: h.HallName, DeskCode: h.DeskCode}
	replacedGen := sqlite.GenerationOf(ctx, filepath.Join(dir, datadir.DBFile)) // a restore repeated by mistake
	kept, err := backupfile.SwapIn(dir, stage, time.Now())
	if err != nil {
		os.RemoveAll(stage)
		return info, err
	}
	info.KeptAt = kept
	db, err := sqlite.Open(ctx, filepath.Join(dir, datadir.DBFile), log)
	if err != nil {
		return info, err
	}
	defer db.Close()
	info.Restored, err = db.RecordRestore(ctx, file, h.Created, kept, replacedGen)
	return info, err
}

// RestoreNotice tells the admin what a restore could not bring back: the
// cases taken after the backup and never synced are lost with the disk;
// the synced ones come back at the first sync (docs/adr/0016).
func RestoreNotice(info hall.BackupInfo) string {
	r := info.Restored
	last := "备份中没有办件"
	if r.LastCaseNo != "" {
		last = "备份中最后的办件编号为 " + r.LastCaseNo
	}
	return fmt.Sprintf("备份时间 %s，%s。此后已同步到平台的办件，下次同步时从平台取回；此后受理但未同步的办件随原硬盘丢失，"+
		"请按回执联系这些申请人。为避免重号，此后的办件编号带恢复代号 %s（如 …-%s0001）。审计日志从第 %d 条之后续接。\n",
		hall.HallTime(r.BackupAt).Format("2006-01-02 15:04:05"), last, hall.GenerationMark(r.Generation),
		hall.GenerationMark(r.Generation), r.ResumesAfter)
}
