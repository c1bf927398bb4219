package sqlite

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"yichuang/hall"
	"yichuang/secure"
)

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
