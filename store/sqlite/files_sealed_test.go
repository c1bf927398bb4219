package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yichuang/backupfile"
	"yichuang/hall"
	"yichuang/secure"
)

const scanText = "居民身份证 张喆 11010519491231002X 清河县城关镇"

// openStored reads a stored file back with the desk's file key.
func openStored(t *testing.T, db *DB, ctx context.Context, path string) []byte {
	t.Helper()
	key, err := db.FileKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, err := secure.OpenPath(path, key)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer c.Close()
	b, _ := io.ReadAll(c.Reader())
	return b
}

// Before, a scan was copied into files/ as it was; now it is sealed there
// under the desk's file key, still named by the SHA-256 of its content and
// read back whole; taking it from the scan folder still checks it arrived.
// With nobody logged in there is no key: attaching is refused.
func TestScansAreSealedInFiles(t *testing.T) {
	db, ctx := clerkDesk(t)
	att := db.Attachments(filepath.Join(filepath.Dir(db.path), "files"))
	inbox := t.TempDir()
	body := []byte("%PDF-1.4\n" + strings.Repeat(scanText+"\n", 5000)) // two chunks and more
	src := filepath.Join(inbox, "张喆身份证.pdf")
	os.WriteFile(src, body, 0o600)
	a, err := att.Take(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	if a.SHA256 != hex.EncodeToString(sum[:]) || a.Size != int64(len(body)) {
		t.Errorf("recorded %s, %d bytes", a.SHA256, a.Size)
	}
	raw, err := os.ReadFile(att.AttachmentPath(a.SHA256))
	if err != nil {
		t.Fatal(err)
	}
	if !secure.IsSealedFile(raw) || bytes.Contains(raw, []byte(scanText)) || bytes.Contains(raw, []byte("%PDF")) {
		t.Fatal("the scan lies in clear in files/")
	}
	if got := openStored(t, db, ctx, att.AttachmentPath(a.SHA256)); !bytes.Equal(got, body) {
		t.Error("the sealed scan does not read back as attached")
	}
	if _, err := os.Stat(src); !os.IsNotExist(err) {
		t.Error("the scan folder's copy was not taken")
	}

	db.Users().Logout(ctx)
	if _, err := db.FileKey(hall.AsDesk(context.Background())); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("file key with nobody logged in: %v", err)
	}
	os.WriteFile(src, []byte("%PDF-1.4 another"), 0o600)
	if _, err := att.Attach(hall.AsDesk(context.Background()), src); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("attach with nobody logged in: %v", err)
	}
}

// Files an older build left in clear (scans, notices) are sealed by one
// pass at a login: each written sealed beside itself, synced and renamed
// over the clear one, so every file is whole under its name at any moment;
// the leftover of a pass cut short is cleared, a file sealed already is
// left, and a second pass seals nothing.
func TestClearFilesAreSealedOnceAtLogin(t *testing.T) {
	db, ctx := clerkDesk(t)
	dir := filepath.Dir(db.path)
	files, docs := filepath.Join(dir, "files"), filepath.Join(dir, "documents")
	os.MkdirAll(files, 0o700)
	os.MkdirAll(docs, 0o700)
	scan := []byte("%PDF-1.4 " + scanText)
	sum := sha256.Sum256(scan)
	scanPath := filepath.Join(files, hex.EncodeToString(sum[:]))
	noticePath := filepath.Join(docs, "341122-20261123-01-0007-受理回执.pdf")
	notice := []byte("%PDF-1.4 受理回执 张喆")
	os.WriteFile(scanPath, scan, 0o600)
	os.WriteFile(noticePath, notice, 0o600)
	// A pass cut short after writing part of a sealed copy.
	os.WriteFile(filepath.Join(files, sealingPrefix+hex.EncodeToString(sum[:])), []byte("YICHUANG-SEALED\n\x00"), 0o600)
	// One sealed already, by the new build.
	att := db.Attachments(files)
	src := filepath.Join(t.TempDir(), "new.pdf")
	os.WriteFile(src, []byte("%PDF-1.4 new"), 0o600)
	newer, err := att.Attach(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(att.AttachmentPath(newer.SHA256))

	n, err := db.SealFiles(ctx, files, docs)
	if err != nil || n != 2 {
		t.Fatalf("sealed %d, %v; want 2", n, err)
	}
	for p, want := range map[string][]byte{scanPath: scan, noticePath: notice} {
		raw, _ := os.ReadFile(p)
		if !secure.IsSealedFile(raw) || bytes.Contains(raw, []byte("张喆")) {
			t.Errorf("%s is still in clear", p)
		}
		if got := openStored(t, db, ctx, p); !bytes.Equal(got, want) {
			t.Errorf("%s reads back %q", p, got)
		}
		if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v", p, st.Mode().Perm())
		}
	}
	if after, _ := os.ReadFile(att.AttachmentPath(newer.SHA256)); !bytes.Equal(before, after) {
		t.Error("a sealed scan was sealed again")
	}
	left, _ := filepath.Glob(filepath.Join(files, sealingPrefix+"*"))
	if len(left) != 0 {
		t.Errorf("left %v", left)
	}
	if n, err := db.SealFiles(ctx, files, docs); err != nil || n != 0 {
		t.Errorf("second pass sealed %d, %v", n, err)
	}
	// With nobody logged in there is no key and nothing happens.
	db.Users().Logout(ctx)
	os.WriteFile(noticePath, notice, 0o600)
	if n, err := db.SealFiles(hall.AsDesk(context.Background()), files, docs); n != 0 || hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("with nobody logged in: sealed %d, %v", n, err)
	}
}

// A backup carries the scans sealed as they are and checks them with the
// key; restored, they open after a login on the restored desk.
func TestBackupCarriesSealedScans(t *testing.T) {
	db := keyedDB(t)
	ctx := hall.AsUser(hall.AsDesk(context.Background()), login(t, db, "admin", adminPW))
	files := filepath.Join(filepath.Dir(db.path), "files")
	src := filepath.Join(t.TempDir(), "scan.pdf")
	body := []byte("%PDF-1.4 " + scanText)
	os.WriteFile(src, body, 0o600)
	a, err := db.Attachments(files).Attach(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res, err := db.Backup(ctx, &out, backupPW, files, "test", "内存")
	if err != nil || res.Files != 1 || len(res.Skipped) != 0 {
		t.Fatalf("backup %+v, %v", res, err)
	}
	dir := t.TempDir()
	stage := filepath.Join(dir, ".restore")
	if _, err := UnpackBackup(hall.AsDesk(context.Background()), bytes.NewReader(out.Bytes()), "b.yichuang", backupPW, stage); err != nil {
		t.Fatal(err)
	}
	if _, err := backupfile.SwapIn(dir, stage, time.Now()); err != nil {
		t.Fatal(err)
	}
	restored, err := Open(hall.AsDesk(context.Background()), filepath.Join(dir, "yichuang.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	rctx := hall.AsUser(hall.AsDesk(context.Background()), login(t, restored, "wangkun", clerkPW))
	p := filepath.Join(dir, "files", a.SHA256)
	raw, _ := os.ReadFile(p)
	if !secure.IsSealedFile(raw) {
		t.Error("the restored scan is in clear")
	}
	if got := openStored(t, restored, rctx, p); !bytes.Equal(got, body) {
		t.Error("the restored scan does not open")
	}
}
