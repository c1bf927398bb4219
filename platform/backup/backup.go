// Package backup is the platform's own backup (docs/adr/0016): the store's
// snapshot and every scan that arrived whole, in the desk's encrypted
// stream (secure): SM4-GCM chunks under a key stretched from the password
// with Argon2id, the clear header authenticated. A restore checks
// everything in a staging folder before it replaces anything, keeps the
// replaced data, and gives the platform a new epoch.
package backup

import (
	"archive/tar"
	"bufio"
	"context"
	"crypto/hmac"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/google/uuid"

	"yichuang/hall"
	"yichuang/platform/store"
	"yichuang/secure"
)

const platformBackupApp = "yichuang-platform"

// Header is the clear header of a platform backup.
type Header struct {
	Format  int       `json:"format"`
	App     string    `json:"app"`
	Version string    `json:"version"`
	Created time.Time `json:"created"`
	Files   int       `json:"files"`
	Memory  uint32    `json:"kdf_m"`
	Time    uint32    `json:"kdf_t"`
	Threads uint8     `json:"kdf_p"`
	Salt    []byte    `json:"salt"`
	Check   string    `json:"check"`
}

// scanName is a verified scan as the platform keeps it: sealed under a key
// of its own (platform/store/sealfile.go), named by its SHA-256.
var scanName = regexp.MustCompile(`^files/([0-9a-f]{64})\.sm4$`)

// Write backs the platform up to file while it serves: FILE.part, renamed
// when whole. dir is the platform's data directory (uploads live there).
func Write(ctx context.Context, st *store.Store, dir, file, pw, version string, kdf secure.Params) (Header, error) {
	h := Header{Format: 1, App: platformBackupApp, Version: version, Created: time.Now().UTC()}
	snap := filepath.Join(dir, ".backup-"+uuid.NewString()+".db")
	defer os.Remove(snap)
	shas, err := st.Snapshot(ctx, snap)
	if err != nil && st.Postgres() {
		return h, err // PostgreSQL is backed up by its own tools (docs/adr/0024)
	}
	if err != nil {
		return h, hall.Wrap(hall.EInternal, err, "无法生成平台数据库快照，请检查磁盘空间")
	}
	s, err := secure.Stretch(pw, kdf)
	if err != nil {
		return h, err
	}
	key, check := secure.BackupKey(s)
	h.Files, h.Salt, h.Check = len(shas), s.Salt, check
	h.Memory, h.Time, h.Threads = s.Params.Memory, s.Params.Time, s.Params.Threads
	raw, _ := json.Marshal(h)
	tmp := file + ".part"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return h, hall.Wrap(hall.EInvalid, err, "无法创建备份文件 %s", file)
	}
	err = func() error {
		bw := bufio.NewWriterSize(f, 256<<10)
		sw, err := secure.NewStreamWriter(bw, raw, key)
		if err != nil {
			return err
		}
		tw := tar.NewWriter(sw)
		if err := addTar(tw, snap, "platform.db"); err != nil {
			return err
		}
		for _, sha := range shas {
			if err := addTar(tw, filepath.Join(dir, "files", sha+".sm4"), "files/"+sha+".sm4"); err != nil {
				return err
			}
		}
		if err := tw.Close(); err != nil {
			return err
		}
		if err := sw.Close(); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		return f.Sync()
	}()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, file)
	}
	if err != nil {
		os.Remove(tmp)
		return h, hall.Wrap(hall.EInternal, err, "备份文件 %s 无法写入", file)
	}
	return h, nil
}

func addTar(tw *tar.Writer, path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: fi.Size(), ModTime: fi.ModTime(),
		Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

// Restore replaces the platform's data in dir by the backup in file (the
// server must be stopped): checked whole in a staging folder first, the
// current data kept in before-restore-<time>/, then a new epoch so desks
// re-send what the backup lacks. It returns the header and where the
// replaced data is.
func Restore(ctx context.Context, dir, file, pw string, key *store.Key) (Header, string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Header{}, "", hall.Wrap(hall.EInternal, err, "无法创建数据目录 %s", dir)
	}
	release, err := Hold(dir)
	if err != nil {
		return Header{}, "", err
	}
	defer release()
	stage := filepath.Join(dir, ".restore-"+uuid.NewString())
	defer os.RemoveAll(stage)
	h, err := unpack(ctx, file, pw, stage, key)
	if err != nil {
		return h, "", err
	}
	kept, err := swapIn(dir, stage)
	if err != nil {
		return h, kept, err
	}
	st, err := store.Open(ctx, filepath.Join(dir, "platform.db"), key)
	if err != nil {
		return h, kept, hall.Wrap(hall.ErrorCode(err), err, "平台已恢复，但恢复后的数据库无法打开（%s）；恢复前的数据在 %s", hall.ErrorMessage(err), kept)
	}
	defer st.Close()
	if _, err := st.MarkRestored(ctx, h.Created); err != nil {
		return h, kept, hall.Wrap(hall.EInternal, err, "平台已恢复，但无法记录恢复：请再执行一次恢复")
	}
	return h, kept, nil
}

// unpackBackup checks the password and every entry into stage: only the
// store and whole uploads named by their SHA-256, each matching it, a store
// that passes SQLite's integrity check and lists exactly the files present.
func unpack(ctx context.Context, file, pw, stage string, key *store.Key) (Header, error) {
	var h Header
	f, err := os.Open(file)
	if err != nil {
		return h, hall.Wrap(hall.EInvalid, err, "无法读取备份文件 %s", file)
	}
	defer f.Close()
	damaged := func(err error) error {
		return hall.Wrap(hall.ECorrupt, err, "备份文件 %s 已损坏、被改动或不完整，无法恢复。平台数据未作任何改动", file)
	}
	br := bufio.NewReaderSize(f, 256<<10)
	raw, err := secure.ReadBackupHeader(br)
	if err != nil || json.Unmarshal(raw, &h) != nil || h.App != platformBackupApp {
		return h, hall.Errorf(hall.ECorrupt, "文件 %s 不是平台的备份文件，无法恢复。平台数据未作任何改动", file)
	}
	if h.Time == 0 || h.Memory == 0 || h.Threads == 0 || h.Memory > 4<<20 || h.Time > 64 {
		return h, damaged(errors.New("kdf parameters out of range"))
	}
	bkey, check := secure.BackupKey(secure.StretchWith(pw, secure.Params{Time: h.Time, Memory: h.Memory, Threads: h.Threads}, h.Salt))
	if !hmac.Equal([]byte(check), []byte(h.Check)) {
		return h, hall.Errorf(hall.EInvalid, "备份密码不正确。平台数据未作任何改动")
	}
	sr, err := secure.NewStreamReader(br, raw, bkey)
	if err != nil {
		return h, damaged(err)
	}
	if err := os.MkdirAll(filepath.Join(stage, "files"), 0o700); err != nil {
		return h, hall.Wrap(hall.EInternal, err, "无法创建临时目录 %s", stage)
	}
	tr := tar.NewReader(sr)
	present := map[string]bool{}
	for {
		th, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return h, damaged(err)
		}
		if th.Typeflag != tar.TypeReg || (th.Name != "platform.db" && !scanName.MatchString(th.Name)) {
			return h, damaged(fmt.Errorf("unexpected entry %q", th.Name))
		}
		// The stream authenticates every byte; a sealed scan is checked
		// against its hash again whenever it is opened.
		if err := writeEntry(tr, filepath.Join(stage, filepath.FromSlash(th.Name))); err != nil {
			return h, damaged(err)
		}
		if m := scanName.FindStringSubmatch(th.Name); m != nil {
			present[m[1]] = true
		}
	}
	if _, err := io.Copy(io.Discard, sr); err != nil { // the last chunk's tag, and nothing after it
		return h, damaged(err)
	}
	shas, err := store.CheckSnapshot(ctx, filepath.Join(stage, "platform.db"), key)
	if hall.ErrorCode(err) == hall.EForbidden {
		return h, err
	}
	if err != nil {
		return h, damaged(err)
	}
	for _, sha := range shas {
		if !present[sha] {
			return h, damaged(fmt.Errorf("file %s missing", sha))
		}
	}
	return h, nil
}

func writeEntry(r io.Reader, path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// swapIn keeps the current store and uploads in before-restore-<time>/ and
// moves the staged ones into place. The server must be stopped.
func swapIn(dir, stage string) (string, error) {
	kept := filepath.Join(dir, "before-restore-"+time.Now().Format("20060102-150405"))
	if err := os.MkdirAll(kept, 0o700); err != nil {
		return "", hall.Wrap(hall.EInternal, err, "无法创建 %s", kept)
	}
	for _, name := range []string{"platform.db", "platform.db-wal", "platform.db-shm", "uploads", "files"} {
		if err := os.Rename(filepath.Join(dir, name), filepath.Join(kept, name)); err != nil && !os.IsNotExist(err) {
			return "", hall.Wrap(hall.EInternal, err, "无法移走当前的 %s（平台服务是否仍在运行？请先停止）", name)
		}
	}
	for _, name := range []string{"platform.db", "files"} {
		if err := os.Rename(filepath.Join(stage, name), filepath.Join(dir, name)); err != nil {
			return "", hall.Wrap(hall.EInternal, err, "恢复 %s 失败；恢复前的数据在 %s", name, kept)
		}
	}
	return kept, nil
}
