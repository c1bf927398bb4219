package store

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"

	"yichuang/hall"
	"yichuang/secure"
)

// Key is the platform's key: personal fields of cases and events, the
// desks' secrets and the scans are sealed under it (SM4-GCM, the desk's
// formats from package secure). It lives in a file of its own, named by
// a flag and kept apart from the database, so that a copied database
// reveals no ID number, phone or address and cannot sign as a desk.
type Key struct {
	dk *secure.DataKey
}

// NewKey makes a fresh random key.
func NewKey() (*Key, error) {
	dk, err := secure.NewDataKey()
	if err != nil {
		return nil, err
	}
	return keyOf(dk.Raw())
}

func keyOf(raw []byte) (*Key, error) {
	dk, err := secure.LoadDataKey(raw)
	if err != nil {
		return nil, err
	}
	return &Key{dk: dk}, nil
}

// ID is the key's public fingerprint, recorded in the database so that a
// store is never opened with another key.
func (k *Key) ID() string { return k.dk.ID() }

// Cipher seals personal fields.
func (k *Key) Cipher() *secure.Cipher { return k.dk.Cipher() }

// maxKeyFile caps what is read of a key file.
const maxKeyFile = 4 << 10

// LoadKeyFile reads the key file at path. With create, an absent file is
// made (0600, a new random key); without it, an absent file is an error.
func LoadKeyFile(path string, create bool) (*Key, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		return createKeyFile(path)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, hall.Errorf(hall.EInvalid, "平台密钥文件 %s 不存在：数据库已有数据，须用创建它时的密钥文件（--key）", path)
	}
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法读取平台密钥文件 %s", path)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return nil, hall.Errorf(hall.EForbidden, "平台密钥文件 %s 的权限为 %o：只许属主读写（chmod 600）", path, st.Mode().Perm())
	}
	b, err := io.ReadAll(io.LimitReader(bufio.NewReader(f), maxKeyFile))
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法读取平台密钥文件 %s", path)
	}
	raw, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(raw) != secure.DataKeySize {
		return nil, hall.Errorf(hall.EInvalid, "平台密钥文件 %s 的内容不是 %d 字节的十六进制密钥", path, secure.DataKeySize)
	}
	return keyOf(raw)
}

func createKeyFile(path string) (*Key, error) {
	k, err := NewKey()
	if err != nil {
		return nil, err
	}
	if err := WriteKeyFile(path, k); err != nil {
		return nil, err
	}
	return k, nil
}

// WriteKeyFile writes k to a new file at path, readable by its owner only.
// An existing file is never overwritten.
func WriteKeyFile(path string, k *Key) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return hall.Wrap(hall.EInternal, err, "无法创建平台密钥文件 %s", path)
	}
	_, err = fmt.Fprintf(f, "%s\n", hex.EncodeToString(k.dk.Raw()))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return hall.Wrap(hall.EInternal, err, "无法写入平台密钥文件 %s", path)
	}
	return nil
}

// secretAAD binds a sealed desk secret to its desk: a secret copied onto
// another desk's row does not open.
func secretAAD(deskID string) []byte { return []byte("yichuang-platform desk secret v1:" + deskID) }

func (k *Key) sealSecret(deskID string, secret []byte) string {
	return k.sealBytes(secret, secretAAD(deskID))
}

func (k *Key) openSecret(deskID, stored string) ([]byte, error) {
	if stored != "" && !secure.IsSealed(stored) {
		// written before secrets were sealed: still usable, sealed at the next open
		return hex.DecodeString(stored)
	}
	return k.openBytes(stored, secretAAD(deskID))
}

// fileKeyAAD binds a scan's key to the scan.
func fileKeyAAD(sha string) []byte { return []byte("yichuang-platform file key v1:" + sha) }

func (k *Key) sealFileKey(sha string, fileKey []byte) string {
	return k.sealBytes(fileKey, fileKeyAAD(sha))
}

func (k *Key) openFileKey(sha, stored string) ([]byte, error) {
	return k.openBytes(stored, fileKeyAAD(sha))
}

// sealBytes seals b for a text column: "#sm4:" + hex.
func (k *Key) sealBytes(b, aad []byte) string {
	return secure.Prefix + hex.EncodeToString(k.Cipher().Seal(b, aad))
}

func (k *Key) openBytes(stored string, aad []byte) ([]byte, error) {
	if stored == "" {
		return nil, nil
	}
	h, ok := strings.CutPrefix(stored, secure.Prefix)
	if !ok {
		return nil, secure.ErrFormat
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return nil, secure.ErrFormat
	}
	return k.Cipher().Open(b, aad)
}
