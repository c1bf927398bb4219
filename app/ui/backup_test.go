package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	apptheme "yichuang/app/theme"
	"yichuang/hall"
	"yichuang/seed"
)

// TestStagedRestoreSaysWhatTheBackupLacks: 设置 → 恢复 names the last case
// number the backup holds and what happens to later cases (docs/adr/0016).
func TestStagedRestoreSaysWhatTheBackupLacks(t *testing.T) {
	f := newLockFixture(t)
	ctx := hall.AsDesk(context.Background())
	seeded, err := seed.Cases(ctx, f.desk, seed.Options{Cases: 2, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.desk.DB.Users().Setup(ctx, hall.NewUser{Name: "guanli", DisplayName: "赵管理", Password: "Qinghe#Guan01"}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "b.yichuang")
	if _, err := f.desk.Backup(ctx, file, "Backup#2026"); err != nil {
		t.Fatal(err)
	}
	info, err := f.desk.StageRestore(ctx, file, "Backup#2026")
	if err != nil {
		t.Fatal(err)
	}
	if info.Restored.LastCaseNo != seeded.Last {
		t.Fatalf("staged restore names %q, the backup's last case is %s", info.Restored.LastCaseNo, seeded.Last)
	}
	fyne.CurrentApp().Settings().SetTheme(apptheme.New()) // the bundled CJK font, as the window has
	fyne.DoAndWait(func() { newBackupSection(f.shell.env).confirmRestart(info) })
	var text string
	for _, o := range f.win.Canvas().Overlays().List() {
		text += allText(o)
	}
	for _, want := range []string{"备份中最后的办件编号为 " + seeded.Last, "从平台取回", "未同步的办件不在备份中", "恢复代号"} {
		if !strings.Contains(text, want) {
			t.Errorf("the dialog does not say %q:\n%s", want, text)
		}
	}
	if dir := os.Getenv("YICHUANG_UI_SHOTS"); dir != "" { // for a person to look at
		out, err := os.Create(filepath.Join(dir, "restore-staged.png"))
		if err == nil {
			png.Encode(out, f.win.Canvas().Capture())
			out.Close()
		}
	}
}
