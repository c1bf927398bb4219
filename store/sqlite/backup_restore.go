package sqlite

import (
	"bufio"
	"context"
	"crypto/hmac"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"

	"yichuang/hall"
	"yichuang/secure"
)

// ReadBackupHeader reads what a backup file says about itself, without the
// password. A file that is not a backup of this program is refused here.
func ReadBackupHeader(r *bufio.Reader, name string) (BackupHeader, error) {
	h, _, err := readHeader(r, name)
	return h, err
}

func readHeader(r *bufio.Reader, name string) (BackupHeader, []byte, error) {
	var h BackupHeader
	raw, err := secure.ReadBackupHeader(r)
	if err != nil {
		return h, nil, backupErr(name, err)
	}
	if err := json.Unmarshal(raw, &h); err != nil || h.Format == 0 {
		return h, nil, backupErr(name, secure.ErrNotBackup)
	}
	if h.Format > BackupFormat {
		return h, nil, hall.Errorf(hall.EUnsupported, "备份文件 %s 由更新版本的一窗生成（格式 %d），请安装新版后再恢复。本机数据未作任何改动", name, h.Format)
	}
	if h.Schema > SchemaVersion() {
		return h, nil, hall.Errorf(hall.EUnsupported, "备份文件 %s 的数据库版本（%d）比本程序支持的（%d）新，请安装新版后再恢复。本机数据未作任何改动", name, h.Schema, SchemaVersion())
	}
	return h, raw, nil
}

// backupErr turns the stream's errors into messages for the admin.
func backupErr(name string, err error) error {
	switch {
	case errors.Is(err, secure.ErrNotBackup):
		return hall.Wrap(hall.ECorrupt, err, "文件 %s 不是一窗的备份文件，无法恢复。本机数据未作任何改动", name)
	case errors.Is(err, secure.ErrTruncated):
		return hall.Wrap(hall.ECorrupt, err, "备份文件 %s 不完整（文件被截断，可能复制时中断），无法恢复。本机数据未作任何改动", name)
	case errors.Is(err, secure.ErrAuth), errors.Is(err, secure.ErrTrailing), errors.Is(err, errBadEntry):
		return hall.Wrap(hall.ECorrupt, err, "备份文件 %s 已损坏或被改动（校验不通过），无法恢复。本机数据未作任何改动", name)
	}
	return err
}

// UnpackBackup checks the password, decrypts the backup into stage (a new
// directory) and checks everything in it: only known entries, every scan
// matching its SHA-256 name, a sound database of this program whose desk
// secret is the one it was made with. Nothing outside stage is touched.
func UnpackBackup(ctx context.Context, r io.Reader, name, password, stage string) (BackupHeader, error) {
	br := bufio.NewReaderSize(r, 256<<10)
	h, raw, err := readHeader(br, name)
	if err != nil {
		return h, err
	}
	p := secure.Params{Time: h.Time, Memory: h.Memory, Threads: h.Threads}
	if !p.Within() {
		return h, backupErr(name, secure.ErrAuth) // a cost no backup of ours has: allocate nothing for it
	}
	st := secure.StretchWith(password, p, h.Salt)
	key, check := secure.BackupKey(st)
	if !hmac.Equal([]byte(check), []byte(h.Check)) {
		return h, hall.Errorf(hall.EInvalid, "备份密码不正确。本机数据未作任何改动")
	}
	sr, err := secure.NewStreamReader(br, raw, key)
	if err != nil {
		return h, backupErr(name, err)
	}
	if err := os.MkdirAll(filepath.Join(stage, "files"), 0o700); err != nil {
		return h, hall.Wrap(hall.EInternal, err, "无法创建临时目录 %s", stage)
	}
	if err := untar(sr, stage); err != nil {
		return h, backupErr(name, err)
	}
	return h, checkStaged(ctx, stage, name, h)
}
