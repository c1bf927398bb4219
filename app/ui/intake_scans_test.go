package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"yichuang/hall"
)

func TestScanFolderFeedsTheOpenIntake(t *testing.T) {
	f := newFixture(t)
	ctx := hall.AsDesk(context.Background())
	inbox := t.TempDir()
	png := func(n byte) []byte {
		return append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{n}, 800)...)
	}
	put := func(name string, n byte, age time.Duration) string {
		p := filepath.Join(inbox, name)
		if err := os.WriteFile(p, png(n), 0o600); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-age)
		os.Chtimes(p, at, at)
		return p
	}
	older := put("GPY_0001.png", 1, 2*time.Minute)
	newest := put("GPY_0002.png", 2, time.Minute)
	if err := saveSettings(ctx, f.desk.DB, map[string]string{hall.SettingScanFolder: "高拍仪"}); !strings.Contains(hall.ErrorMessage(err), "高拍仪文件夹") {
		t.Errorf("a relative folder: %v", err)
	}
	if err := f.desk.DB.SetSetting(ctx, hall.SettingScanFolder, inbox); err != nil {
		t.Fatal(err)
	}
	p := f.openIntake(t, dibao)
	s := p.scans
	if !s.box.Visible() || !strings.Contains(s.list.Text, "GPY_0002.png") ||
		strings.Index(s.list.Text, "GPY_0002.png") > strings.Index(s.list.Text, "GPY_0001.png") {
		t.Fatalf("the folder on the materials list: visible %v, %q", s.box.Visible(), s.list.Text)
	}
	if s.target.SelectedIndex() != 0 {
		t.Errorf("chosen material %d, want the first", s.target.SelectedIndex())
	}
	// Ctrl+G in the applicant's name field attaches the newest to it.
	typeIn(t, p, "applicant", "name", "张喆")
	f.win.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(shortcutScan)
	r := p.materials.rows[0]
	if len(r.files) != 1 || r.files[0].Name != "GPY_0002.png" {
		t.Fatalf("material 1 files = %+v (%q)", r.files, r.msg.Text)
	}
	if _, err := os.Stat(newest); !os.IsNotExist(err) {
		t.Error("the attached file is still in the folder")
	}
	if b, err := os.ReadFile(f.desk.Dir.Files() + "/" + r.files[0].SHA256); err != nil || !bytes.Equal(b, png(2)) {
		t.Errorf("the desk's copy: %v", err)
	}
	if _, err := os.Stat(older); err != nil {
		t.Error("the older file left the folder")
	}
	if s.target.SelectedIndex() != 1 || !strings.Contains(s.list.Text, "GPY_0001.png") || strings.Contains(s.list.Text, "GPY_0002.png") {
		t.Errorf("after: material %d chosen, list %q", s.target.SelectedIndex(), s.list.Text)
	}
	test.Tap(s.take) // the button does the same: the older one to material 2
	if len(p.materials.rows[1].files) != 1 || !strings.Contains(s.list.Text, "暂无新的扫描件") || !s.take.Disabled() {
		t.Errorf("material 2 files %+v, list %q", p.materials.rows[1].files, s.list.Text)
	}
	// The attachments are the draft's, then the case's.
	fillDibao(t, p)
	test.Tap(p.accept)
	if p.last == nil || p.last.Case == nil {
		t.Fatalf("accept failed: %q", p.msg.Text)
	}
	c, _, err := f.desk.DB.Cases().Case(ctx, p.last.Case.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Materials[0].Files) != 1 || c.Materials[0].Files[0] != r.files[0].SHA256 || len(c.Materials[1].Files) != 1 {
		t.Errorf("case materials = %+v", c.Materials)
	}
	// A folder that went away is said in place.
	os.RemoveAll(inbox)
	p2 := f.openIntake(t, dibao)
	if !strings.Contains(p2.scans.list.Text, "找不到高拍仪文件夹") || !p2.scans.take.Disabled() {
		t.Errorf("a missing folder: %q", p2.scans.list.Text)
	}
}
