package sqlite

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"yichuang/hall"
	"yichuang/secure"
)

// Attachments implements hall.AttachmentService: scans are copied into dir
// (the data directory's files/) named by their SHA-256 and recorded here.
type Attachments struct {
	db  *DB
	dir string
	// Max caps a file's size; tests lower it.
	Max int64
}

// Attachments returns the attachment service keeping files in dir.
func (db *DB) Attachments(dir string) *Attachments {
	return &Attachments{db: db, dir: dir, Max: hall.MaxAttachmentSize}
}

var _ hall.AttachmentService = (*Attachments)(nil)

// AttachmentPath is where a scan's file lives.
func (s *Attachments) AttachmentPath(sum string) string { return filepath.Join(s.dir, sum) }

// Attach copies the file at path into the data directory (written to a
// temporary name, synced, then renamed, so a crash never leaves half a
// scan under its hash) and records it in one transaction.
func (s *Attachments) Attach(ctx context.Context, path string) (hall.Attachment, error) {
	name := filepath.Base(path)
	f, size, err := openScan(path, name, s.Max)
	if err != nil {
		return hall.Attachment{}, err
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	mime := sniffScan(head[:n])
	if mime == "" {
		return hall.Attachment{}, hall.Errorf(hall.EInvalid,
			"文件“%s”不是图片（JPG、PNG、TIFF、BMP）或 PDF，不能作为扫描件附加", name)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return hall.Attachment{}, readErr(name, err)
	}
	key, err := s.db.FileKey(ctx)
	if err != nil {
		return hall.Attachment{}, err
	}
	sum, err := s.store(f, name, key)
	if err != nil {
		return hall.Attachment{}, err
	}
	a := hall.Attachment{SHA256: sum, Size: size, MIME: mime, Name: name}
	err = s.db.Update(ctx, func(tx *Tx) error {
		a.CreatedAt = tx.Now
		stored, err := sealName(ctx, tx, name)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO attachments (sha256, size, mime, name, created_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, sum, size, mime, stored, stamp(tx.Now))
		return err
	})
	if err != nil {
		return hall.Attachment{}, err
	}
	return a, nil
}

// openScan opens a file to attach, refusing clearly what cannot be one.
func openScan(path, name string, max int64) (*os.File, int64, error) {
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, 0, hall.Wrap(hall.EInvalid, err, "找不到文件“%s”（%s），请确认文件仍在原处", name, path)
	case err != nil:
		return nil, 0, readErr(name, err)
	case st.IsDir():
		return nil, 0, hall.Errorf(hall.EInvalid, "“%s”是文件夹，请选择其中的扫描文件", name)
	case st.Size() == 0:
		return nil, 0, hall.Errorf(hall.EInvalid, "文件“%s”是空文件（0 字节），请重新扫描", name)
	case st.Size() > max:
		return nil, 0, hall.Errorf(hall.EInvalid, "文件“%s”大小为 %s，超过 %s 的上限，请降低扫描分辨率或分成几个文件",
			name, megabytes(st.Size()), megabytes(max))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, readErr(name, err)
	}
	return f, st.Size(), nil
}

func readErr(name string, err error) error {
	if errors.Is(err, fs.ErrPermission) {
		return hall.Wrap(hall.EInvalid, err, "没有读取文件“%s”的权限，请检查文件权限或另存一份后再附加", name)
	}
	return hall.Wrap(hall.EInvalid, err, "文件“%s”无法读取", name)
}

func megabytes(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+1023)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// store copies r into the folder under its SHA-256 (of the content),
// sealed under key (in clear on a desk without keys); a file already there
// (the same scan attached before) is kept as it is.
func (s *Attachments) store(r io.Reader, name string, key []byte) (string, error) {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return "", hall.Wrap(hall.EInternal, err, "无法创建附件目录 %s", s.dir)
	}
	tmp, err := os.CreateTemp(s.dir, ".incoming-*")
	if err != nil {
		return "", hall.Wrap(hall.EInternal, err, "无法在附件目录 %s 中写入，请检查磁盘空间和权限", s.dir)
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	var out io.Writer = tmp
	var sealer *secure.StreamWriter
	if key != nil {
		if sealer, err = secure.NewFileWriter(tmp, key); err != nil {
			tmp.Close()
			return "", hall.Wrap(hall.EInternal, err, "无法加密扫描件“%s”", name)
		}
		out = sealer
	}
	n, err := io.Copy(io.MultiWriter(out, h), io.LimitReader(r, s.Max+1))
	if err == nil && sealer != nil {
		err = sealer.Close()
	}
	if err == nil && n > s.Max {
		err = hall.Errorf(hall.EInvalid, "文件“%s”在读取时变大，超过 %s 的上限", name, megabytes(s.Max))
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if hall.ErrorCode(err) == hall.EInvalid {
			return "", err
		}
		return "", hall.Wrap(hall.EInternal, err, "复制文件“%s”失败，请检查磁盘空间", name)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	final := s.AttachmentPath(sum)
	if _, err := os.Stat(final); err == nil {
		return sum, nil
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return "", hall.Wrap(hall.EInternal, err, "保存文件“%s”失败", name)
	}
	syncDir(s.dir)
	return sum, nil
}

// syncDir makes a rename durable where the system allows it (not on
// Windows, where directories cannot be opened for sync).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// Attachment returns what is recorded of a scan.
func (s *Attachments) Attachment(ctx context.Context, sum string) (hall.Attachment, error) {
	a := hall.Attachment{SHA256: sum}
	var created string
	err := s.db.read.QueryRowContext(ctx, "SELECT size, mime, name, created_at FROM attachments WHERE sha256 = ?",
		sum).Scan(&a.Size, &a.MIME, &a.Name, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return a, hall.Errorf(hall.ENotFound, "找不到扫描件记录（%s）", sum)
	}
	a.CreatedAt = parseStamp(created)
	if err != nil {
		return a, s.db.classify0(err)
	}
	if secure.IsSealed(a.Name) { // the original name opens for someone logged in
		if _, key := s.db.session(); key != nil {
			if n, err := key.Cipher().OpenString(a.Name); err == nil {
				a.Name = n
			}
		}
		if secure.IsSealed(a.Name) {
			a.Name = "扫描件"
		}
	}
	return a, nil
}

// sealName seals a scan's original file name (it often names the
// applicant: 张喆身份证.pdf). With nobody logged in on a desk with keys it
// is refused, as any personal data is; a desk without keys keeps it until
// the first admin's setup (sealExisting).
func sealName(ctx context.Context, tx *Tx, name string) (string, error) {
	if key := tx.db.dataKey(ctx); key != nil {
		return key.Cipher().SealString(name), nil
	}
	keyed, err := deskKeyed(ctx, tx)
	if err != nil || keyed {
		return "", cmp.Or(err, error(errDeskLocked))
	}
	return name, nil
}

var _ hall.ScanInbox = (*Attachments)(nil)

// scanExts are what a document camera writes; the content is checked again
// on attaching (sniffScan).
var scanExts = []string{".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".pdf"}

// maxInboxEntries bounds the directory entries read from the scan folder.
const maxInboxEntries = 5000

// Inbox lists the images and PDFs waiting in dir, newest first. Files still
// empty (a camera writing them) and anything else are left out.
func (s *Attachments) Inbox(dir string) ([]hall.ScanFile, error) {
	f, err := os.Open(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, hall.Wrap(hall.EInvalid, err, "找不到高拍仪文件夹“%s”，请在“设置”中检查", dir)
	}
	if err != nil {
		return nil, hall.Wrap(hall.EInvalid, err, "无法打开高拍仪文件夹“%s”", dir)
	}
	defer f.Close()
	entries, err := f.ReadDir(maxInboxEntries)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, hall.Wrap(hall.EInvalid, err, "无法读取高拍仪文件夹“%s”", dir)
	}
	var out []hall.ScanFile
	for _, e := range entries {
		if !e.Type().IsRegular() || !slices.Contains(scanExts, strings.ToLower(filepath.Ext(e.Name()))) {
			continue
		}
		info, err := e.Info()
		if err != nil || info.Size() == 0 {
			continue
		}
		out = append(out, hall.ScanFile{Path: filepath.Join(dir, e.Name()), Name: e.Name(), Size: info.Size(),
			ModTime: info.ModTime()})
	}
	slices.SortFunc(out, func(a, b hall.ScanFile) int {
		if c := b.ModTime.Compare(a.ModTime); c != 0 {
			return c
		}
		return strings.Compare(b.Name, a.Name)
	})
	return out[:min(len(out), hall.MaxInbox)], nil
}

// Take attaches the file and then removes it from the scan folder: the
// copy in files/ is synced and its record committed before the original
// goes, so a crash leaves at worst the file in both places, never in none.
func (s *Attachments) Take(ctx context.Context, path string) (hall.Attachment, error) {
	a, err := s.Attach(ctx, path)
	if err != nil {
		return a, err
	}
	if st, err := os.Stat(s.AttachmentPath(a.SHA256)); err != nil ||
		(st.Size() != a.Size && st.Size() != secure.SealedFileSize(a.Size)) {
		return a, hall.Errorf(hall.EInternal, "扫描件“%s”未能存入本机，原文件保留在高拍仪文件夹", a.Name)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return a, hall.Wrap(hall.EInternal, err, "扫描件“%s”已附加，但未能从高拍仪文件夹移走，请手工删除", a.Name)
	}
	return a, nil
}

// sniffScan names the kind of a scan from its first bytes: the image
// formats scanners write and PDF. Anything else is "" and refused, whatever
// its file name says.
func sniffScan(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return "image/jpeg"
	case bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return "image/tiff"
	case bytes.HasPrefix(head, []byte("BM")) && len(head) >= 14:
		return "image/bmp"
	}
	return ""
}
