package ui

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"yichuang/hall"
	"yichuang/store/sqlite"
)

func TestMain(m *testing.M) {
	draftCrashChild() // becomes the killed process of drafts_crash_test.go when asked
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

func TestEmptyScreensSayWhatToDo(t *testing.T) {
	w := newWindow(t)
	ctx := hall.AsDesk(context.Background())
	// A database without the demo catalog a desk loads on first start.
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "empty.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sh := NewShell(ctx, w, Services{Catalog: db.Catalog(), Cases: db.Cases(), Outbox: db, Settings: db.GuardedSettings()},
		Options{Synchronous: true})
	w.SetContent(sh.Content())
	for _, tc := range []struct {
		id   ScreenID
		want string
	}{
		{ScreenCatalog, "catalog import"},
		{ScreenIntake, "开始受理"},
		{ScreenCases, "开始受理"},
		{ScreenDeadline, "暂无在办件"},
		{ScreenSync, "填写平台地址和注册码"},
	} {
		fyne.DoAndWait(func() { sh.Show(tc.id) })
		eventually(t, string(tc.id)+" empty state", func() bool {
			return strings.Contains(allText(sh.pages[tc.id].Content()), tc.want)
		})
	}
}

func TestSettingsRefuseBadDeskCodeAndSaveNothing(t *testing.T) {
	f := newFixture(t)
	ctx := hall.AsDesk(context.Background())
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

// countingCases counts the 办件 screen's loads.
type countingCases struct {
	hall.CaseService
	mu    sync.Mutex
	lists int
}

func (c *countingCases) ListCases(ctx context.Context, f hall.CaseFilter) ([]hall.CaseSummary, error) {
	c.mu.Lock()
	c.lists++
	c.mu.Unlock()
	return c.CaseService.ListCases(ctx, f)
}

func (c *countingCases) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lists
}

// Showing a screen loads it once (Show refreshed it and so did the tab's
// own selection: two queries for every switch); showing the screen on show
// again loads it again, as a clerk's 刷新 would.
func TestShowLoadsAScreenOnce(t *testing.T) {
	cc := &countingCases{}
	f := newFixtureWith(t, func(s *Services) { cc.CaseService = s.Cases; s.Cases = cc })
	before := cc.count()
	fyne.DoAndWait(func() { f.shell.Show(ScreenCases) })
	if got := cc.count() - before; got != 1 {
		t.Errorf("switching to 办件 loaded it %d times, want 1", got)
	}
	fyne.DoAndWait(func() { f.shell.Show(ScreenCases) })
	if got := cc.count() - before; got != 2 {
		t.Errorf("showing 办件 again: %d loads in all, want 2", got)
	}
	fyne.DoAndWait(func() { f.shell.Show(ScreenCatalog); f.shell.Show(ScreenCases) })
	if got := cc.count() - before; got != 3 {
		t.Errorf("back to 办件: %d loads in all, want 3", got)
	}
}

// slowCases holds the 办件 screen's load for a while, as a busy disk would.
type slowCases struct {
	hall.CaseService
	started chan struct{}
}

func (c *slowCases) ListCases(ctx context.Context, f hall.CaseFilter) ([]hall.CaseSummary, error) {
	select {
	case c.started <- struct{}{}:
	default:
	}
	time.Sleep(300 * time.Millisecond)
	return c.CaseService.ListCases(ctx, f)
}

// lockedBuffer is a log both the test and the loads write.
type lockedBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// The window closes its screens before the database: a load in flight when
// the window quits finishes first, and nothing after that touches the
// services ("sql: database is closed" was logged at every quit of the
// screenshot run).
func TestShellClosesBeforeTheDatabase(t *testing.T) {
	var logged lockedBuffer
	slow := &slowCases{started: make(chan struct{}, 1)}
	ctx, f := openDeskWindow(t, "")
	// Loads run on the goroutine that starts them: Fyne's test driver runs
	// fyne.Do inline, so loads started by NewShell on goroutines of their
	// own would build widgets at the same time as the test does. The 办件
	// load is started from a goroutine of its own instead, and is in flight
	// when the shell closes.
	sh := f.deskShell(ctx, Options{Synchronous: true, OpenDocument: func(string) error { return nil }}, func(s *Services) {
		s.Log = slog.New(slog.NewTextHandler(&logged, nil))
		slow.CaseService = s.Cases
		s.Cases = slow
	})
	f.win.SetContent(sh.Content())
	select { // a load while the shell was built is not the one this test holds
	case <-slow.started:
	default:
	}
	shown := make(chan struct{})
	go func() {
		defer close(shown)
		fyne.DoAndWait(func() { sh.Show(ScreenCases) }) // the tabs' selection starts the load
	}()
	select {
	case <-slow.started:
	case <-time.After(10 * time.Second):
		t.Fatal("the 办件 screen never loaded")
	}
	sh.Close() // as the window does: after sync stops, before the database closes
	if err := f.desk.Close(); err != nil {
		t.Fatal(err)
	}
	<-shown
	fyne.DoAndWait(func() { sh.Show(ScreenCatalog); sh.Show(ScreenCases) }) // a late click: nothing loads
	time.Sleep(500 * time.Millisecond)
	if out := logged.String(); out != "" {
		t.Errorf("errors after the window closed:\n%s", out)
	}
}
