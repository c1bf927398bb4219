package sqlite

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
)

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
