package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"yichuang/cli"
	"yichuang/hall"
	"yichuang/store/sqlite"
)

func TestMain(m *testing.M) {
	synchronous = true
	os.Exit(m.Run())
}

// eventually waits for work done off the UI goroutine to show.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ok := false
		fyne.DoAndWait(func() { ok = cond() })
		if ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

type fixture struct {
	shell *Shell
	desk  *cli.Desk
	win   fyne.Window
}

// newFixture opens a real desk (SQLite file, demo catalog) in a temp dir and
// builds the whole shell on Fyne's headless test driver.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	test.NewTempApp(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	desk, err := cli.OpenDesk(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { desk.Close() })
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	sh := NewShell(ctx, w, Services{Catalog: desk.DB.Catalog(), Cases: desk.DB.Cases(), Outbox: desk.DB,
		Settings: desk.DB, Calendar: desk.Calendar, Info: Info{Version: "test", DataDir: desk.Dir.Path}})
	w.SetContent(sh.Content())
	sh.Start(time.Hour)
	return &fixture{shell: sh, desk: desk, win: w}
}

func (f *fixture) catalog() *catalogPage { return f.shell.pages[ScreenCatalog].(*catalogPage) }

func TestCatalogListsFiltersAndShowsGuide(t *testing.T) {
	f := newFixture(t)
	p := f.catalog()
	eventually(t, "70 demo items", func() bool { return len(p.shown) >= 60 })
	eventually(t, "first item's guide", func() bool { return f.catalog().detail.code != "" })
	test.Type(p.filter, "婚姻")
	eventually(t, "filtered list", func() bool { return len(p.shown) > 0 && len(p.shown) < 10 })
	for _, it := range p.shown {
		if !strings.Contains(it.Name, "婚姻") && !strings.HasPrefix(it.Code, "婚姻") {
			t.Errorf("filter 婚姻 shows %s", it.Name)
		}
	}
	if !strings.Contains(p.count.Text, "共") {
		t.Errorf("count label = %q", p.count.Text)
	}
}

func TestIntakeRefusesBadIDThenAcceptsAndListsTheCase(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	items, err := f.desk.DB.Catalog().ListItems(ctx, hall.ItemFilter{})
	if err != nil || len(items) == 0 {
		t.Fatal(err)
	}
	code := items[0].Code
	fyne.DoAndWait(func() { f.shell.StartIntake(code) })
	in := f.shell.intake
	eventually(t, "intake form for the item", func() bool { return in.item != nil && in.item.Code == code })

	test.Type(in.name, "张喆")
	test.Type(in.idNo, "11010519491231003X") // wrong check character
	test.Type(in.phone, "13812345678")
	test.Tap(in.accept)
	if !strings.Contains(in.msg.Text, "证件号码") {
		t.Fatalf("bad ID gave message %q, want one naming 证件号码", in.msg.Text)
	}
	if in.name.Text != "张喆" {
		t.Error("a refused submit lost what the clerk typed")
	}
	if n, _ := f.desk.DB.Cases().CountByState(ctx); len(n) != 0 {
		t.Fatalf("a refused submit created cases: %v", n)
	}

	in.idNo.SetText("")
	test.Type(in.idNo, "11010519491231002X")
	test.Tap(in.accept)
	var list []hall.CaseSummary
	eventually(t, "the accepted case", func() bool {
		list, _ = f.desk.DB.Cases().ListCases(ctx, hall.CaseFilter{})
		return len(list) == 1
	})
	c := list[0]
	if c.State != hall.StateAccepted || c.ApplicantName != "张喆" || !hall.ValidCaseNumber(c.No) || c.PromiseDue == "" {
		t.Errorf("case = %+v", c)
	}
	if st, _ := f.desk.DB.OutboxStats(ctx); st.Pending != 2 {
		t.Errorf("outbox pending = %d, want 2 (收件 and 受理)", st.Pending)
	}

	fyne.DoAndWait(func() { f.shell.Show(ScreenCases) })
	cp := f.shell.pages[ScreenCases].(*casesPage)
	eventually(t, "case list", func() bool { return len(cp.rows) == 1 && cp.rows[0].No == c.No })
	if cp.stack.Objects[0] != cp.full {
		t.Error("the case list still shows its empty state")
	}
	fyne.DoAndWait(func() { f.shell.Show(ScreenDeadline) })
	dp := f.shell.pages[ScreenDeadline].(*deadlinePage)
	eventually(t, "deadline counts", func() bool { return dp.stack.Objects[0] == dp.full })
}

func TestEmptyScreensSayWhatToDo(t *testing.T) {
	test.NewTempApp(t)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "empty.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := test.NewTempWindow(t, nil)
	sh := NewShell(ctx, w, Services{Catalog: db.Catalog(), Cases: db.Cases(), Outbox: db, Settings: db})
	w.SetContent(sh.Content())
	for _, tc := range []struct {
		id   ScreenID
		want string
	}{
		{ScreenCatalog, "catalog import"},
		{ScreenIntake, "开始受理"},
		{ScreenCases, "开始受理"},
		{ScreenDeadline, "暂无在办件"},
		{ScreenSync, "yichuang register"},
	} {
		fyne.DoAndWait(func() { sh.Show(tc.id) })
		eventually(t, string(tc.id)+" empty state", func() bool {
			return strings.Contains(allText(sh.pages[tc.id].Content()), tc.want)
		})
	}
}

func TestSettingsRefuseBadDeskCodeAndSaveNothing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	fyne.DoAndWait(func() { f.shell.Show(ScreenSettings) })
	sp := f.shell.pages[ScreenSettings].(*settingsPage)
	eventually(t, "settings loaded", func() bool { return sp.entries[hall.SettingDeskCode].Text == "01" })
	fyne.DoAndWait(func() {
		sp.entries[hall.SettingDeskCode].SetText("窗口1")
		sp.entries[hall.SettingHallName].SetText("改过的名字")
	})
	fyne.DoAndWait(sp.save)
	time.Sleep(200 * time.Millisecond)
	if v, _ := f.desk.DB.Setting(ctx, hall.SettingDeskCode); v != "01" {
		t.Errorf("bad desk code saved: %q", v)
	}
	if v, _ := f.desk.DB.Setting(ctx, hall.SettingHallName); v == "改过的名字" {
		t.Error("other fields were saved although one was wrong")
	}
	err := saveSettings(ctx, f.desk.DB, map[string]string{hall.SettingDeskCode: "窗口1"})
	if !strings.Contains(hall.ErrorMessage(err), "窗口编码") {
		t.Errorf("message %q does not name the field", hall.ErrorMessage(err))
	}
}

// allText joins the text of every label, entry placeholder and button under o.
func allText(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			b.WriteString(v.Text + "\n")
		case *widget.Button:
			b.WriteString(v.Text + "\n")
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
		if w, ok := o.(fyne.Widget); ok {
			if r := test.WidgetRenderer(w); r != nil {
				for _, c := range r.Objects() {
					walk(c)
				}
			}
		}
	}
	walk(o)
	return b.String()
}
