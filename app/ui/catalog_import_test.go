package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// setupAdmin goes through the first-start guide, leaving 赵管理 logged in.
func (f *lockFixture) setupAdmin(t *testing.T) {
	t.Helper()
	for i, v := range []string{"guanli", "赵管理", "Qinghe#Guan01", "Qinghe#Guan01"} {
		test.Type(f.cardEntries()[i], v)
	}
	f.tapCard("创建管理员并登录")
	if f.lock.Locked() {
		t.Fatalf("still locked after setup: %q", allText(f.lock.layer))
	}
	if f.overlay() == nil || !strings.Contains(allText(f.overlay()), "管理员已创建") {
		t.Fatal("no word that the admin was created")
	}
	f.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) // Escape closes a message too
	if f.overlay() != nil {
		t.Fatalf("Escape left the message open: %q", allText(f.overlay()))
	}
}

// overlay is the dialog on top of the window, "" text when there is none.
func (f *lockFixture) overlay() fyne.CanvasObject { return f.win.Canvas().Overlays().Top() }

func TestAnAdminImportsACatalogFileFromSettings(t *testing.T) {
	f := newLockFixture(t)
	f.setupAdmin(t)
	ctx := hall.AsDesk(context.Background())
	before, _ := f.desk.DB.Catalog().CountItems(ctx)
	fyne.DoAndWait(func() { f.shell.Show(ScreenSettings) })
	page := f.shell.pages[ScreenSettings].Content()
	if !strings.Contains(allText(page), "事项目录") || !tapButton(page, "从文件导入…") {
		t.Fatalf("the admin's 设置 has no catalog import: %q", allText(page))
	}
	entryIn := func(o fyne.CanvasObject) *widget.Entry {
		var e *widget.Entry
		walk(o, func(x fyne.CanvasObject) {
			if en, ok := x.(*widget.Entry); ok && e == nil {
				e = en
			}
		})
		return e
	}
	// A file with a bad cell: the dialog stays, naming the row and column.
	src, _ := os.ReadFile("../../testdata/catalog/sample.csv")
	bad := filepath.Join(t.TempDir(), "坏清单.csv")
	os.WriteFile(bad, []byte(strings.Replace(string(src), ",行政许可,", ",许可,", 1)), 0o600)
	test.Type(entryIn(f.overlay()), bad)
	tapButton(f.overlay(), "开始导入")
	if msg := allText(f.overlay()); !strings.Contains(msg, "坏清单.csv") || !strings.Contains(msg, "第 5 行 E 列“事项类型”") {
		t.Fatalf("a bad file: %q", msg)
	}
	if n, _ := f.desk.DB.Catalog().CountItems(ctx); n != before {
		t.Fatalf("a refused file changed the catalog: %d → %d", before, n)
	}
	// The right file, from the same dialog.
	path := entryIn(f.overlay())
	path.SetText("")
	test.Type(path, "../../testdata/catalog/sample.csv")
	path.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter in the field submits, as 开始导入 does
	if msg := allText(f.overlay()); !strings.Contains(msg, "导入完成") || !strings.Contains(msg, "新增 4 项") {
		t.Fatalf("after the import: %q", msg)
	}
	f.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // 知道了 has the focus
	if f.overlay() != nil {
		t.Errorf("Enter left the message open: %q", allText(f.overlay()))
	}
	if n, _ := f.desk.DB.Catalog().CountItems(ctx); n != before+4 {
		t.Errorf("catalog %d → %d, want 4 more", before, n)
	}
	log, _ := f.desk.DB.Audit().ListAudit(f.shell.env.Ctx(), hall.AuditFilter{Action: hall.AuditCatalog})
	if len(log) != 3 || log[0].UserName != "赵管理" || log[0].Object != "文件 sample.csv" || log[0].Outcome != hall.AuditOK ||
		log[1].UserName != "赵管理" || log[1].Object != "文件 坏清单.csv" || log[1].Outcome != hall.AuditFailed ||
		log[2].Object != "内置演示目录" {
		t.Errorf("audit of the imports (newest first: the file, the refused file, the demo catalog): %+v", log)
	}
}
