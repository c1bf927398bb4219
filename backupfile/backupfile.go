// Package backupfile is the desk's backup file: a clear header (what it
// holds, the password's stretching), then an SM4-GCM stream (secure) of a
// tar of the database snapshot, the desk secret and every scan; reading it
// back into a staging folder with every entry checked; and swapping a
// checked backup in for the data it replaces, which is kept. No SQL: the
// store makes the snapshot and checks the database it unpacks
// (store/sqlite/backup.go).
package backupfile

import (
	"archive/tar"
	"bufio"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"yichuang/hall"
	"yichuang/secure"
)

// The entries of a backup, as they are named in the data directory.
const (
	DBFile     = "yichuang.db"
	SecretFile = "yichuang.deskkey" // the desk secret beside the database (store/sqlite.DeskSecretFile)
	FilesDir   = "files"            // scans, named by their SHA-256
)

// Format is the version of the backup file this program writes.
const Format = 1

// Header is the clear header of a backup file: enough to recognise
// one and to say what it holds before the password is asked. The content
// (database snapshot, desk secret, scans) is encrypted under the backup
// password; the header is authenticated with it.
type Header struct {
	Format   int       `json:"format"`
	Created  time.Time `json:"created"`
	App      string    `json:"app"`
	Schema   int       `json:"schema"`
	HallCode string    `json:"hall_code"`
	HallName string    `json:"hall_name"`
	DeskCode string    `json:"desk_code"`
	Binding  string    `json:"binding"` // the desk secret's fingerprint: whose desk this is
	Memory   uint32    `json:"kdf_m"`
	Time     uint32    `json:"kdf_t"`
	Threads  uint8     `json:"kdf_p"`
	Salt     []byte    `json:"salt"`
	Check    string    `json:"check"`
}

// sha256Name is how scans are named under files/.
var sha256Name = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Writer writes one backup: NewWriter, the entries, Close.
type Writer struct {
	Header Header // as written: with the password's salt, check and cost
	bw     *bufio.Writer
	sw     io.WriteCloser
	tw     *tar.Writer
}

// NewWriter starts a backup on w: h with the password stretched under kdf
// (salt, check and cost added), the header written, the stream opened.
func NewWriter(w io.Writer, h Header, password string, kdf secure.Params) (*Writer, error) {
	st, err := secure.Stretch(password, kdf)
	if err != nil {
		return nil, err
	}
	key, check := secure.BackupKey(st)
	h.Salt, h.Check, h.Memory, h.Time, h.Threads = st.Salt, check, st.Params.Memory, st.Params.Time, st.Params.Threads
	header, _ := json.Marshal(h)
	bw := bufio.NewWriterSize(w, 256<<10)
	sw, err := secure.NewStreamWriter(bw, header, key)
	if err != nil {
		return nil, err
	}
	return &Writer{Header: h, bw: bw, sw: sw, tw: tar.NewWriter(sw)}, nil
}

// AddFile adds the file at path as the entry name and returns its size.
func (w *Writer) AddFile(path, name string) (int64, error) { return addFile(w.tw, path, name) }

// AddScans adds every scan of dir whose content still matches its name,
// and names those it leaves out. A sealed scan is opened with key to check
// it (and copied sealed as it is); with no key (nobody logged in) it is
// copied unchecked.
func (w *Writer) AddScans(dir string, key []byte) (int, []string, error) {
	return addScans(w.tw, dir, key)
}

// Close ends the tar and the stream and flushes what is buffered.
func (w *Writer) Close() error {
	for _, c := range []io.Closer{w.tw, w.sw} {
		if err := c.Close(); err != nil {
			return err
		}
	}
	if err := w.bw.Flush(); err != nil {
		return hall.Wrap(hall.EInternal, err, "备份文件无法写入，请检查目标磁盘")
	}
	return nil
}

func addFile(tw *tar.Writer, path, name string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime(),
		Typeflag: tar.TypeReg}); err != nil {
		return 0, err
	}
	n, err := io.Copy(tw, f)
	if err != nil {
		return n, hall.Wrap(hall.EInternal, err, "读取 %s 失败", path)
	}
	return n, nil
}

// addScans copies every scan whose content still matches its name.
func addScans(tw *tar.Writer, dir string, key []byte) (int, []string, error) {
	if dir == "" {
		return 0, nil, nil
	}
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return 0, nil, nil
	}
	if err != nil {
		return 0, nil, err
	}
	var n int
	var skipped []string
	for _, e := range entries {
		if !e.Type().IsRegular() || !sha256Name.MatchString(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if !scanIntact(path, e.Name(), key) {
			skipped = append(skipped, e.Name())
			continue
		}
		if _, err := addFile(tw, path, FilesDir+"/"+e.Name()); err != nil {
			return n, skipped, err
		}
		n++
	}
	return n, skipped, nil
}

func scanIntact(path, name string, key []byte) bool {
	c, err := secure.OpenPath(path, key)
	if errors.Is(err, secure.ErrOtherKey) {
		return true // sealed, and no key to look inside
	}
	if err != nil {
		return false
	}
	defer c.Close()
	h := sha256.New()
	if _, err := io.Copy(h, c.Reader()); err != nil {
		return false
	}
	return hex.EncodeToString(h.Sum(nil)) == name
}

// ErrBadEntry is an entry no backup of ours holds, or a scan whose content
// does not match its name.
var ErrBadEntry = errors.New("backup: unexpected entry")

// untar writes the backup's entries into stage. Only the names a backup
// holds are accepted (no paths of any other shape can escape stage), and
// each scan in clear must hash to its name; a sealed one (under the data
// key of the desk backed up, which restore need not hold) must be a sealed
// file, its content checked where it is opened (the sync's upload). Every
// byte of the backup is authenticated by its own stream anyway.
func untar(r io.Reader, stage string) error {
	tr := tar.NewReader(r)
	for {
		hd, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := hd.Name
		scan, isScan := strings.CutPrefix(name, "files/")
		if hd.Typeflag != tar.TypeReg || !(name == DBFile || name == SecretFile || isScan && sha256Name.MatchString(scan)) {
			return ErrBadEntry
		}
		f, err := os.OpenFile(filepath.Join(stage, filepath.FromSlash(name)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		h := sha256.New()
		head := &headOf{n: len(secure.FileMagic)}
		_, err = io.Copy(io.MultiWriter(f, h, head), tr)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		if isScan && !secure.IsSealedFile(head.b) && hex.EncodeToString(h.Sum(nil)) != scan {
			return ErrBadEntry
		}
	}
}

// ReadHeader reads what a backup file says about itself, without the
// password. A file that is not a backup of this program, or one of a newer
// format or a newer database schema than schema, is refused here.
func ReadHeader(r *bufio.Reader, name string, schema int) (Header, error) {
	h, _, err := readHeader(r, name, schema)
	return h, err
}

func readHeader(r *bufio.Reader, name string, schema int) (Header, []byte, error) {
	var h Header
	raw, err := secure.ReadBackupHeader(r)
	if err != nil {
		return h, nil, Err(name, err)
	}
	if err := json.Unmarshal(raw, &h); err != nil || h.Format == 0 {
		return h, nil, Err(name, secure.ErrNotBackup)
	}
	if h.Format > Format {
		return h, nil, hall.Errorf(hall.EUnsupported, "备份文件 %s 由更新版本的一窗生成（格式 %d），请安装新版后再恢复。本机数据未作任何改动", name, h.Format)
	}
	if h.Schema > schema {
		return h, nil, hall.Errorf(hall.EUnsupported, "备份文件 %s 的数据库版本（%d）比本程序支持的（%d）新，请安装新版后再恢复。本机数据未作任何改动", name, h.Schema, schema)
	}
	return h, raw, nil
}

// Err turns the stream's errors into messages for the admin.
func Err(name string, err error) error {
	switch {
	case errors.Is(err, secure.ErrNotBackup):
		return hall.Wrap(hall.ECorrupt, err, "文件 %s 不是一窗的备份文件，无法恢复。本机数据未作任何改动", name)
	case errors.Is(err, secure.ErrTruncated):
		return hall.Wrap(hall.ECorrupt, err, "备份文件 %s 不完整（文件被截断，可能复制时中断），无法恢复。本机数据未作任何改动", name)
	case errors.Is(err, secure.ErrAuth), errors.Is(err, secure.ErrTrailing), errors.Is(err, ErrBadEntry):
		return hall.Wrap(hall.ECorrupt, err, "备份文件 %s 已损坏或被改动（校验不通过），无法恢复。本机数据未作任何改动", name)
	}
	return err
}

// Unpack checks the password and decrypts the backup into stage (a new
// directory): only known entries, every scan matching its SHA-256 name.
// What the database holds is the store's to check
// (store/sqlite.UnpackBackup). Nothing outside stage is touched.
func Unpack(r io.Reader, name, password, stage string, schema int) (Header, error) {
	br := bufio.NewReaderSize(r, 256<<10)
	h, raw, err := readHeader(br, name, schema)
	if err != nil {
		return h, err
	}
	p := secure.Params{Time: h.Time, Memory: h.Memory, Threads: h.Threads}
	if !p.Within() {
		return h, Err(name, secure.ErrAuth) // a cost no backup of ours has: allocate nothing for it
	}
	st := secure.StretchWith(password, p, h.Salt)
	key, check := secure.BackupKey(st)
	if !hmac.Equal([]byte(check), []byte(h.Check)) {
		return h, hall.Errorf(hall.EInvalid, "备份密码不正确。本机数据未作任何改动")
	}
	sr, err := secure.NewStreamReader(br, raw, key)
	if err != nil {
		return h, Err(name, err)
	}
	if err := os.MkdirAll(filepath.Join(stage, "files"), 0o700); err != nil {
		return h, hall.Wrap(hall.EInternal, err, "无法创建临时目录 %s", stage)
	}
	if err := untar(sr, stage); err != nil {
		return h, Err(name, err)
	}
	return h, nil
}

// swapped are the names a restore replaces in the data directory.
var swapped = []string{DBFile, DBFile + "-wal", DBFile + "-shm", SecretFile, FilesDir}

// KeptDirPrefix starts the name of the folder where a restore keeps the
// data it replaced.
const KeptDirPrefix = "before-restore-"

// SwapIn puts a checked, unpacked backup (stage, inside dataDir) in place of
// the data in dataDir, and keeps what was there in
// dataDir/before-restore-<time>: the database with its WAL, the desk secret
// and the scans. Every step is a rename on one file system; if one fails,
// the steps done are undone. The caller holds the data directory's lock and
// has no database of dataDir open.
func SwapIn(dataDir, stage string, now time.Time) (string, error) {
	kept := filepath.Join(dataDir, KeptDirPrefix+now.Format("20060102-150405"))
	if err := os.Mkdir(kept, 0o700); err != nil {
		return "", hall.Wrap(hall.EInternal, err, "无法创建目录 %s 保存当前数据，未恢复", kept)
	}
	type move struct{ from, to string }
	var done []move
	undo := func(cause error) (string, error) {
		for i := len(done) - 1; i >= 0; i-- {
			_ = os.Rename(done[i].to, done[i].from)
		}
		return "", hall.Wrap(hall.EInternal, cause, "恢复中途失败，已还原为恢复前的数据；请检查数据目录 %s 的权限和磁盘空间", dataDir)
	}
	// moveAll moves what of the swapped names is in fromDir to toDir,
	// recording each move for undo.
	moveAll := func(fromDir, toDir string) error {
		for _, n := range swapped {
			from, to := filepath.Join(fromDir, n), filepath.Join(toDir, n)
			if _, err := os.Lstat(from); os.IsNotExist(err) {
				continue
			}
			if err := os.Rename(from, to); err != nil {
				return err
			}
			done = append(done, move{from, to})
		}
		return nil
	}
	if err := moveAll(dataDir, kept); err != nil {
		return undo(err)
	}
	if err := moveAll(stage, dataDir); err != nil {
		return undo(err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, FilesDir)); os.IsNotExist(err) {
		_ = os.Mkdir(filepath.Join(dataDir, FilesDir), 0o700)
	}
	_ = os.RemoveAll(stage)
	return kept, nil
}

// headOf keeps the first n bytes written to it.
type headOf struct {
	n int
	b []byte
}

func (h *headOf) Write(p []byte) (int, error) {
	if k := min(h.n-len(h.b), len(p)); k > 0 {
		h.b = append(h.b, p[:k]...)
	}
	return len(p), nil
}
