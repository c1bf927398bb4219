package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"yichuang/catalog/catalogio"
	"yichuang/hall"
)

func (p *catalogPage) names() []string {
	var out []string
	for i := 0; i < min(p.res.total, pageSize); i++ {
		out = append(out, p.res.hit(i).Name)
	}
	return out
}

func TestCatalogSearchesAsTheClerkTypes(t *testing.T) {
	f := newCatalogFixture(t)
	p := f.catalog()
	eventually(t, "the demo catalog listed", func() bool { return p.res != nil && p.res.total >= 60 })
	eventually(t, "the first guide", func() bool { return p.detail.code != "" && p.selected != "" })
	if !strings.Contains(p.count.Text, "目录共") {
		t.Errorf("count = %q", p.count.Text)
	}
	test.Type(p.filter, "婚姻")
	eventually(t, "婚姻 results", func() bool { return p.res.query.Text == "婚姻" })
	if p.res.total == 0 || p.res.total > 10 || !strings.Contains(p.count.Text, "找到") {
		t.Fatalf("婚姻 → %d: %v", p.res.total, p.names())
	}
	// 结婚登记 and 离婚登记 first, by the alias 婚姻; then the names that hold it.
	if names := p.names(); len(names) < 3 || !strings.Contains(names[0]+names[1], "结婚登记") ||
		!strings.Contains(names[0]+names[1], "离婚登记") {
		t.Errorf("婚姻 → %v: 结婚登记 and 离婚登记 first", names)
	}
	for i := range min(p.res.total, pageSize) {
		if h := p.res.hit(i); !strings.Contains(h.Name, "婚姻") && h.MatchField != "关键词" {
			t.Errorf("婚姻 found %s by %s", h.Name, h.MatchField)
		}
	}
	p.filter.SetText("")
	test.Type(p.filter, "csdj") // 出生登记 by initials
	if names := p.names(); len(names) == 0 || names[0] != "出生登记" || p.res.hit(0).MatchField != "拼音首字母" {
		t.Errorf("csdj → %v", names)
	}
	if p.detail.code != p.res.hit(0).Code || !strings.Contains(allText(p.detail.box), "出生登记") {
		t.Error("the guide does not follow the first result")
	}
}

func TestCatalogKeyboardMovesAndEnterStartsIntake(t *testing.T) {
	f := newCatalogFixture(t)
	p := f.catalog()
	eventually(t, "listed", func() bool { return p.res != nil && p.res.total > 0 })
	test.Type(p.filter, "登记")
	if p.res.total < 3 {
		t.Fatalf("登记 → %d", p.res.total)
	}
	p.filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	p.filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	p.filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	second := p.res.hit(1)
	if p.cursor != 1 || p.selected != second.Code {
		t.Fatalf("↓↓↑: cursor %d, guide of %s, want result 1 %s", p.cursor, p.selected, second.Code)
	}
	p.filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageUp})
	if p.cursor != 0 {
		t.Errorf("PgUp past the top: cursor %d", p.cursor)
	}
	p.filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	p.filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.shell.Current() != ScreenIntake {
		t.Fatalf("Enter left the screen at %s", f.shell.Current())
	}
	eventually(t, "intake for the highlighted item", func() bool {
		return f.shell.intake.item != nil && f.shell.intake.item.Code == second.Code
	})
	// 常用事项: the item taken is one Alt+1 away, the search one click.
	fyne.DoAndWait(func() { f.shell.Show(ScreenCatalog) })
	eventually(t, "常用 and 最近搜索", func() bool {
		s := allText(p.recentBox)
		return strings.Contains(s, "1 "+second.Name) && strings.Contains(s, "登记")
	})
	p.filter.SetText("")
	p.filter.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.Key1, Modifier: fyne.KeyModifierAlt})
	if p.filter.Text != second.Code || p.res.hit(0).Code != second.Code || p.res.hit(0).Match != hall.MatchExactCode {
		t.Errorf("Alt+1: query %q, first %+v", p.filter.Text, p.res.hit(0))
	}
	// Ctrl+3 reaches the window's shortcuts (the screens) while the search
	// box has the focus. The headless canvas does not dispatch shortcuts, so
	// a wrapper records what the search box hands on.
	rc := &recordingCanvas{Canvas: f.win.Canvas()}
	p.filter.canvas = func() fyne.Canvas { return rc }
	ctrl3 := &desktop.CustomShortcut{KeyName: fyne.Key3, Modifier: fyne.KeyModifierShortcutDefault}
	p.filter.TypedShortcut(ctrl3)
	if len(rc.got) != 1 || rc.got[0] != ctrl3 {
		t.Errorf("Ctrl+3 from the search box reached the window as %v", rc.got)
	}
}

type recordingCanvas struct {
	fyne.Canvas
	got []fyne.Shortcut
}

func (c *recordingCanvas) TypedShortcut(s fyne.Shortcut) { c.got = append(c.got, s) }

func TestCatalogGuideIsComplete(t *testing.T) {
	f := newCatalogFixture(t)
	p := f.catalog()
	eventually(t, "listed", func() bool { return p.res != nil && p.res.total > 0 })
	test.Type(p.filter, "出生登记")
	eventually(t, "its guide", func() bool { return strings.Contains(allText(p.detail.box), "申请材料") })
	it, _ := f.desk.DB.Catalog().Item(hall.AsDesk(context.Background()), p.selected)
	text := allText(p.detail.box)
	for _, want := range []string{it.Name, it.Department, it.TaskCode, "法定办结时限", it.LegalLimit.String(),
		"承诺办结时限", it.Materials[0].Name, string(it.Materials[0].Necessity), "办理流程", it.Steps[0].Name,
		"办理地点", it.Place, it.ConsultPhone, it.ComplaintPhone, "设定依据", "第 1 版",
		"关键词", "报户口、上户口", "常用叫法", "生孩子"} {
		if !strings.Contains(text, want) {
			t.Errorf("the guide lacks %q", want)
		}
	}
	if p.detail.start.Disabled() {
		t.Error("开始受理 is disabled for an item in use")
	}
}

func TestCatalogWithdrawnItemTakesNoApplication(t *testing.T) {
	f := newCatalogFixture(t)
	p := f.catalog()
	ctx := hall.AsDesk(context.Background())
	eventually(t, "listed", func() bool { return p.res != nil && p.res.total > 0 })
	it, _ := f.desk.DB.Catalog().Item(ctx, p.selected)
	it.Status = hall.ItemWithdrawn
	if _, err := f.desk.DB.Catalog().ImportItems(ctx, []hall.Item{*it}); err != nil {
		t.Fatal(err)
	}
	test.Type(p.filter, it.Code)
	eventually(t, "the withdrawn guide", func() bool { return strings.Contains(allText(p.detail.box), "已从实施清单中取消") })
	p.filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.shell.Current() != ScreenCatalog || !p.detail.start.Disabled() {
		t.Errorf("a withdrawn item: screen %s, 开始受理 enabled %v", f.shell.Current(), !p.detail.start.Disabled())
	}
}

func TestCatalogStaysVirtualWithManyItemsAndOddQueries(t *testing.T) {
	f := newCatalogFixture(t)
	p := f.catalog()
	ctx := hall.AsDesk(context.Background())
	eventually(t, "the demo catalog listed", func() bool { return p.res != nil && p.res.total > 0 })
	demo := p.res.total
	if _, err := f.desk.DB.Catalog().ImportCatalog(ctx, catalogio.Synthetic(3000, 1), hall.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	fyne.DoAndWait(p.Refresh)
	eventually(t, "the demo and 3,000 entries", func() bool { return p.res != nil && p.res.total == demo+3000 })
	if len(p.res.pages) != 1 || len(p.res.pages[0]) != pageSize {
		t.Errorf("the first answer holds %d pages, want one of %d", len(p.res.pages), pageSize)
	}
	rowsShown := 0
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if _, ok := o.(*resultRow); ok {
			rowsShown++
			return
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				walk(x)
			}
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, x := range test.WidgetRenderer(w).Objects() {
				walk(x)
			}
		}
	}
	walk(p.list)
	if rowsShown == 0 || rowsShown > 60 {
		t.Errorf("%d row widgets for %d results", rowsShown, demo+3000)
	}
	p.moveTo(2500)
	walk(p.list)
	if h := p.res.hit(2500); h == nil || p.selected != h.Code {
		t.Errorf("result 2500 not loaded when scrolled to: %+v", h)
	}
	for _, q := range []string{`"`, `*`, `NEAR`, `婚姻 AND 登记`, strings.Repeat("证", 10000), "'; DROP TABLE items; --"} {
		p.filter.SetText(q)
		if f.win.Canvas().Overlays().Top() != nil {
			t.Fatalf("%.10q opened a dialog", q)
		}
	}
	if !strings.Contains(p.count.Text, "没有找到") {
		t.Errorf("count after a nonsense query = %q", p.count.Text)
	}
}

func TestCatalogFiltersByAProvincialType(t *testing.T) {
	f := newCatalogFixture(t)
	p := f.catalog()
	ctx := hall.AsDesk(context.Background())
	eventually(t, "listed", func() bool { return p.res != nil && p.res.total > 0 })
	it, _ := f.desk.DB.Catalog().Item(ctx, p.selected)
	it.Type, it.TypeName = "21", "便民服务"
	if _, err := f.desk.DB.Catalog().ImportItems(ctx, []hall.Item{*it}); err != nil {
		t.Fatal(err)
	}
	p.Refresh()
	eventually(t, "the filter offers 21 便民服务", func() bool { return slices.Contains(p.types.Options, "21 便民服务") })
	p.types.SetSelected("21 便民服务")
	eventually(t, "only the 便民服务 entry", func() bool { return p.res.query.Type == "21" && p.res.total == 1 })
	if h := p.res.hit(0); h.Code != it.Code || h.TypeName != "便民服务" {
		t.Errorf("hit: %+v", h)
	}
	eventually(t, "its guide names the type", func() bool { return strings.Contains(allText(p.detail.box), "便民服务") })
}

func TestCatalogRefreshKeepsTheGuideUnlessItChanged(t *testing.T) {
	f := newCatalogFixture(t)
	p := f.catalog()
	ctx := hall.AsDesk(context.Background())
	eventually(t, "the first guide", func() bool { return p.detail.code != "" && p.selected != "" })
	title := p.detail.box.Objects[0]
	p.Refresh()
	if p.detail.box.Objects[0] != title {
		t.Error("an unchanged guide was built again on refresh, losing where the clerk had scrolled to")
	}
	p.detail.scroll.Offset = fyne.NewPos(0, 300) // the clerk has read down the guide
	it, _ := f.desk.DB.Catalog().Item(ctx, p.selected)
	it.Hours = "周一至周日 全天（测试）"
	if _, err := f.desk.DB.Catalog().ImportItems(ctx, []hall.Item{*it}); err != nil {
		t.Fatal(err)
	}
	p.Refresh()
	eventually(t, "the changed guide", func() bool { return strings.Contains(allText(p.detail.box), "周一至周日 全天（测试）") })
	if p.detail.scroll.Offset.Y != 0 {
		t.Errorf("a changed guide shows from its top, not at %v", p.detail.scroll.Offset.Y)
	}
}
