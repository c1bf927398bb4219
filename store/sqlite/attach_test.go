package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"yichuang/hall"
)

var pngHead = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

func TestAttachStoresByHashOnce(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	src := t.TempDir()
	files := filepath.Join(t.TempDir(), "files")
	s := db.Attachments(files)
	body := append(append([]byte{}, pngHead...), bytes.Repeat([]byte("扫描"), 1000)...)
	p := filepath.Join(src, "身份证正面.png")
	if err := os.WriteFile(p, body, 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := s.Attach(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(body)
	if a.SHA256 != hex.EncodeToString(want[:]) || a.MIME != "image/png" || a.Name != "身份证正面.png" || a.Size != int64(len(body)) {
		t.Errorf("attachment = %+v", a)
	}
	stored, err := os.ReadFile(s.AttachmentPath(a.SHA256))
	if err != nil || !bytes.Equal(stored, body) {
		t.Fatalf("stored file differs: %v", err)
	}
	// The same scan under another name is kept once, under its first name.
	p2 := filepath.Join(src, "copy.png")
	os.WriteFile(p2, body, 0o600)
	b, err := s.Attach(ctx, p2)
	if err != nil || b.SHA256 != a.SHA256 {
		t.Fatalf("second attach = %+v, %v", b, err)
	}
	rec, err := s.Attachment(ctx, a.SHA256)
	if err != nil || rec.Name != "身份证正面.png" {
		t.Errorf("record = %+v, %v", rec, err)
	}
	entries, _ := os.ReadDir(files)
	if len(entries) != 1 {
		t.Errorf("%d files in files/, want 1 (no temporary left behind)", len(entries))
	}
	if n := count(t, db, "attachments"); n != 1 {
		t.Errorf("%d attachment rows", n)
	}
}

func TestAttachRefusesClearly(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	src := t.TempDir()
	s := db.Attachments(filepath.Join(t.TempDir(), "files"))
	s.Max = 1000
	write := func(name string, b []byte) string {
		p := filepath.Join(src, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := write("大图.png", append(append([]byte{}, pngHead...), make([]byte, 2000)...))
	notScan := write("说明.docx", []byte("PK\x03\x04 a word file"))
	empty := write("空.pdf", nil)
	for _, tc := range []struct {
		path string
		want string
	}{
		{filepath.Join(src, "不存在.pdf"), "找不到文件“不存在.pdf”"},
		{src, "是文件夹"},
		{empty, "“空.pdf”是空文件"},
		{big, "“大图.png”大小为 2 KB，超过 1 KB 的上限"},
		{notScan, "“说明.docx”不是图片"},
		{filepath.Join(notScan, "x.pdf"), "“x.pdf”无法读取"},
	} {
		_, err := s.Attach(ctx, tc.path)
		if hall.ErrorCode(err) != hall.EInvalid || !strings.Contains(hall.ErrorMessage(err), tc.want) {
			t.Errorf("Attach(%s) = %v, want a message with %q", filepath.Base(tc.path), err, tc.want)
		}
	}
	if n := count(t, db, "attachments"); n != 0 {
		t.Errorf("%d refused files were recorded", n)
	}
}

func TestSniffScan(t *testing.T) {
	for head, want := range map[string]string{
		"%PDF-1.7\n": "application/pdf", "\xff\xd8\xff\xe0": "image/jpeg", "II*\x00": "image/tiff",
		"MM\x00*": "image/tiff", "BM\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00": "image/bmp",
		"GIF89a": "", "<html>": "", "": "",
	} {
		if got := sniffScan([]byte(head)); got != want {
			t.Errorf("sniffScan(%q) = %q, want %q", head, got, want)
		}
	}
}

// The scan folder lists images and PDFs newest first, leaves out the rest
// and files still empty; Take moves a scan into the desk's store (the copy
// and record first, then the original goes) and leaves a refused file
// where it was.
func TestScanFolderListsAndTakes(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	inbox := t.TempDir()
	s := db.Attachments(filepath.Join(t.TempDir(), "files"))
	write := func(name string, body []byte, age time.Duration) string {
		p := filepath.Join(inbox, name)
		if err := os.WriteFile(p, body, 0o600); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-age)
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
		return p
	}
	scan := func(n int) []byte { return append(append([]byte{}, pngHead...), bytes.Repeat([]byte{byte(n)}, 500)...) }
	write("IMG_0001.jpg", scan(1), 3*time.Minute)
	newest := write("IMG_0002.PNG", scan(2), time.Minute)
	write("说明.txt", []byte("不是扫描件"), 0)
	write("IMG_0003.png", nil, 0) // the camera is still writing it
	fake := write("假扫描.pdf", []byte("not a pdf at all"), 2*time.Minute)
	got, err := s.Inbox(inbox)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range got {
		names = append(names, f.Name)
	}
	if strings.Join(names, ",") != "IMG_0002.PNG,假扫描.pdf,IMG_0001.jpg" {
		t.Errorf("inbox = %v", names)
	}
	a, err := s.Take(ctx, newest)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(newest); !os.IsNotExist(err) {
		t.Error("the taken scan is still in the folder")
	}
	if b, err := os.ReadFile(s.AttachmentPath(a.SHA256)); err != nil || !bytes.Equal(b, scan(2)) {
		t.Errorf("the stored copy: %v", err)
	}
	if rec, err := s.Attachment(ctx, a.SHA256); err != nil || rec.Name != "IMG_0002.PNG" {
		t.Errorf("the record: %+v %v", rec, err)
	}
	if _, err := s.Take(ctx, fake); !strings.Contains(hall.ErrorMessage(err), "不是图片") {
		t.Errorf("a fake PDF: %v", err)
	}
	if _, err := os.Stat(fake); err != nil {
		t.Error("a refused file left the folder")
	}
	if _, err := s.Inbox(filepath.Join(inbox, "没有")); !strings.Contains(hall.ErrorMessage(err), "找不到高拍仪文件夹") {
		t.Errorf("a missing folder: %v", err)
	}
}
