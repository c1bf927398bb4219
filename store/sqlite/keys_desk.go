package sqlite

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"

	"yichuang/backupfile"
	"yichuang/hall"
	"yichuang/secure"
)

// DeskSecretFile is the desk secret beside the database. It takes part in
// wrapping every key slot and keys the audit log's MAC, so a database file
// copied without it opens nothing, even with a right password, and its
// audit log cannot be rewritten unnoticed. Backups carry it, encrypted.
const DeskSecretFile = backupfile.SecretFile // "yichuang.deskkey", one name for the desk and its backups

const deskSecretHeader = "yichuang desk secret v1\n"

// DeskSecretPath is where the desk secret of the database at dbPath lives.
func DeskSecretPath(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), DeskSecretFile)
}

// deskSecret returns the desk secret, creating it (and recording its
// fingerprint in desk_keys) the first time the desk needs one. A database
// that already has a fingerprint never gets a new secret: that would
// silently cut it off from its own key slots.
func (db *DB) deskSecret(ctx context.Context, tx *Tx) ([]byte, error) {
	db.sec.mu.Lock()
	defer db.sec.mu.Unlock()
	if db.sec.desk != nil {
		return db.sec.desk, nil
	}
	binding, err := deskBinding(ctx, tx)
	if err != nil {
		return nil, err
	}
	path := DeskSecretPath(db.path)
	secret, err := readDeskSecret(path)
	switch {
	case err == nil && binding != "" && binding != bindingOf(secret):
		return nil, copiedErr(path, "不属于这个数据库")
	case err == nil:
	case !errors.Is(err, os.ErrNotExist):
		return nil, err
	case binding != "":
		return nil, copiedErr(path, "缺失")
	default:
		secret = make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return nil, err
		}
		if err := writeDeskSecret(path, secret); err != nil {
			return nil, hall.Wrap(hall.EInternal, err, "无法写入本机密钥文件 %s，请检查数据目录的权限", path)
		}
	}
	if binding == "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO desk_keys (id, binding, created_at) VALUES (1, ?, ?)`,
			bindingOf(secret), stamp(tx.Now)); err != nil {
			return nil, err
		}
	}
	db.sec.desk = secret
	return secret, nil
}

// existingDeskSecret is the desk secret for a reader (verify): nil when the
// desk has never made one; an error when it made one and the file is
// missing or foreign.
func (db *DB) existingDeskSecret(ctx context.Context) ([]byte, error) {
	db.sec.mu.Lock()
	defer db.sec.mu.Unlock()
	if db.sec.desk != nil {
		return db.sec.desk, nil
	}
	binding, err := deskBinding(ctx, db.read)
	if err != nil || binding == "" {
		return nil, err
	}
	path := DeskSecretPath(db.path)
	secret, err := readDeskSecret(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, copiedErr(path, "缺失")
	case err != nil:
		return nil, err
	case bindingOf(secret) != binding:
		return nil, copiedErr(path, "不属于这个数据库")
	}
	db.sec.desk = secret
	return secret, nil
}

func copiedErr(path, what string) error {
	return hall.Errorf(hall.ECorrupt, "本机密钥文件 %s %s：这个数据库可能是从另一台电脑复制来的，个人信息无法解密，"+
		"审计日志无法校验。数据未作任何改动。请用 yichuang restore 从本机的备份恢复，或把原电脑数据目录中的 %s 一并复制过来",
		path, what, DeskSecretFile)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func deskBinding(ctx context.Context, q queryer) (string, error) {
	var b string
	err := q.QueryRowContext(ctx, "SELECT binding FROM desk_keys WHERE id = 1").Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return b, err
}

// bindingOf is the public fingerprint of a desk secret.
func bindingOf(secret []byte) string { return secure.Fingerprint(secret, "desk binding") }

func readDeskSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	rest, ok := bytes.CutPrefix(b, []byte(deskSecretHeader))
	secret, herr := hex.DecodeString(string(bytes.TrimSpace(rest)))
	if !ok || herr != nil || len(secret) != 32 {
		return nil, hall.Errorf(hall.ECorrupt, "本机密钥文件 %s 已损坏。请从备份恢复（yichuang restore）", path)
	}
	return secret, nil
}

// writeDeskSecret writes the file whole or not at all (temp file, fsync,
// rename), readable by the owner only.
func writeDeskSecret(path string, secret []byte) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.WriteString(deskSecretHeader + hex.EncodeToString(secret) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}
