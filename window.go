package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/ime"
	"yichuang/app/theme"
	"yichuang/app/ui"
	"yichuang/assets"
	"yichuang/desk"
	"yichuang/documents"
	"yichuang/hall"
)

// useChinese makes Fyne's own strings (dialog buttons …) Chinese even where
// the system locale is not: the app serves Chinese halls only.
func useChinese() {
	for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			if strings.HasPrefix(v, "zh") {
				return
			}
			break
		}
	}
	os.Setenv("LANGUAGE", "zh_CN")
}

func runWindow(ctx context.Context, log *slog.Logger, dataDir, shots string, probe bool, idle string) int {
	useChinese()
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		log.Warn("translations", "err", err)
	}
	a := app.NewWithID("cn.gov.zwfw.yichuang")
	fyne.SetCurrentApp(stillApp{a}) // a steady cursor: see still.go
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	a.Settings().SetTheme(theme.NewWithVariant(fynetheme.VariantLight))
	w := a.NewWindow(ui.T("app.title", "一窗 · 政务服务窗口受理"))
	w.Resize(fyne.NewSize(1280, 800))

	dk, err := desk.Open(ctx, dataDir, log)
	if err != nil {
		// A damaged, foreign or newer database, a locked or unwritable
		// directory: say so in Chinese and touch nothing.
		msg := widget.NewLabel(hall.ErrorMessage(err))
		msg.Wrapping = fyne.TextWrapWord
		quit := widget.NewButton(ui.T("start.quit", "退出"), a.Quit)
		quit.Importance = widget.HighImportance
		w.SetContent(container.NewPadded(container.NewBorder(
			widget.NewLabelWithStyle(ui.T("start.failed", "无法打开本机数据"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			container.NewHBox(layout.NewSpacer(), quit), nil, nil, msg)))
		w.Resize(fyne.NewSize(680, 280))
		log.Error("open data", "err", err)
		w.ShowAndRun()
		return 1
	}
	defer dk.Close()                        // last: after sync and the screens (below)
	_ = documents.ClearViews()              // clear copies of notices a window that did not close left
	stopSealing := dk.SealFilesAtLogin(ctx) // files an older build left in clear (desk/sealfiles.go)
	syncer, stopSync := dk.StartSync(ctx)   // nil when not registered (desk/sync.go)
	var stopMu sync.Mutex                   // StartSync (below) may add to stopSync after registering from 同步
	b := build()
	services := dk.Services(desk.Info{Version: b.Version, Build: b.Number}, syncer)
	services.StartSync = func() hall.SyncController { // after registering from 同步
		s, stop := dk.StartSync(ctx)
		stopMu.Lock()
		defer stopMu.Unlock()
		prev := stopSync
		stopSync = func() { stop(); prev() }
		return s
	}
	shell := ui.NewShell(ctx, w, services, ui.Options{})
	lock := ui.NewLockScreen(shell) // login, first-start guide, idle lock (app/ui/lock.go)
	w.SetContent(lock.Content())
	w.SetCloseIntercept(func() { shell.SaveDrafts(); w.Close() }) // the open draft is saved before closing
	shell.AddShortcuts(w.Canvas())
	w.SetMainMenu(ui.MainMenu(shell))
	w.SetMaster()
	// The input method follows the focused field: off in passwords and
	// numbers, its candidates at the caret elsewhere (app/ime).
	// The window's keys come first: Ctrl+1…6 from inside any field, Esc
	// closes the top dialog, nothing behind a dialog (app/ui/focus.go).
	a.Lifecycle().SetOnStarted(func() {
		go func() {
			ime.FollowWhenShown(w)
			ime.HookKeys(w, shell.WindowKey)
		}()
	})
	shell.Start(3 * time.Second)
	lock.Start()
	if shots == "" && !probe && idle == "" {
		lock.AfterFirstLogin(shell.NoticeDueSoon) // overdue and nearly due cases (app/ui/deadline_notice.go)
	}
	if shots != "" {
		go captureScreens(a, shell, lock, syncer, shots, log)
	}
	if probe {
		go startupProbe(a, shell)
	}
	if idle != "" {
		go idleProbe(w, shell, lock, idle, log)
	}
	w.ShowAndRun()
	// Shut down in order: what was typed last is saved (退出 from the menu
	// skips the close intercept), sync stops, the screens stop loading, and
	// only then does the deferred dk.Close close the database.
	shell.SaveDrafts()
	stopMu.Lock()
	stopSync()
	stopMu.Unlock()
	stopSealing()
	shell.Close()
	_ = documents.ClearViews() // the clear copies handed to viewers
	return 0
}

// captureScreens shows every screen of the real window in turn and, for
// each, asks scripts/screenshots.sh to photograph the X display: it writes
// the screen's name into DIR/.ready and waits until the script removes it.
// Then it quits. With YICHUANG_SHOTS_BUSY set it photographs only the
// desk turned away by a busy platform (shootBusy).
func captureScreens(a fyne.App, sh *ui.Shell, lock *ui.LockScreen, syncer hall.SyncController, dir string, log *slog.Logger) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Error("screenshots", "err", err)
		fyne.Do(a.Quit)
		return
	}
	time.Sleep(2 * time.Second)
	waitShot(dir, "0-first-start") // the first-start guide of the fresh data directory
	fyne.DoAndWait(func() {
		if as := os.Getenv("YICHUANG_SHOTS_AS"); as != "" {
			// A prepared data directory: log in as its account (the
			// password file's first line; its second, when the first must change).
			b, _ := os.ReadFile(os.Getenv("YICHUANG_SHOTS_PASSWORD_FILE"))
			pw := strings.Split(strings.TrimSpace(string(b))+"\n", "\n")
			if err := lock.ShotsLogin(context.Background(), as, strings.TrimSpace(pw[0]), strings.TrimSpace(pw[1])); err != nil {
				log.Error("screenshots: login", "err", err)
			}
			return
		}
		if err := lock.DemoLogin(hall.AsDesk(context.Background())); err != nil { // the desk sets up its demo accounts
			log.Error("screenshots: demo accounts", "err", err)
		}
	})
	if os.Getenv("YICHUANG_SHOTS_BUSY") != "" {
		shootBusy(sh, syncer, dir, log)
		fyne.DoAndWait(a.Quit)
		return
	}
	shown := false
	fyne.DoAndWait(func() { shown = ui.ShowUrges(sh) })
	if shown {
		waitShot(dir, "0-urges") // 督办 waiting for this desk's reply: the banner and the list
		fyne.DoAndWait(func() { ui.HideUrges(sh) })
	}
	for i, sc := range ui.Screens() {
		if sc.ID == ui.ScreenIntake {
			// 受理 as a clerk sees it: the form of the item chosen in 事项目录.
			fyne.DoAndWait(func() { sh.StartIntake(ui.SelectedItem(sh)) })
		} else {
			fyne.DoAndWait(func() { sh.Show(sc.ID) })
		}
		waitShot(dir, fmt.Sprintf("%d-%s", i+1, sc.ID))
		if sc.ID == ui.ScreenCatalog {
			// Everyday words: the alias table finds what the catalog names otherwise.
			for _, q := range []string{"医保", "房产证", "婚姻", "一件事"} {
				fyne.DoAndWait(func() { ui.SearchCatalog(sh, q) })
				time.Sleep(2 * time.Second) // the results, then the first one's guide
				waitShot(dir, fmt.Sprintf("%d-%s-%s", i+1, sc.ID, q))
			}
			fyne.DoAndWait(func() { ui.SearchCatalog(sh, "") })
		}
		if sc.ID == ui.ScreenCases {
			// 待出件, and the newest case with the counter's buttons.
			fyne.DoAndWait(func() { ui.ShowCasesList(sh, true, false) })
			waitShot(dir, fmt.Sprintf("%d-%s", i+1, "cases-todeliver"))
			fyne.DoAndWait(func() { ui.ShowCasesList(sh, false, false) })
			time.Sleep(2 * time.Second) // the list loads off the UI goroutine
			fyne.DoAndWait(func() { ui.ShowCasesList(sh, false, true) })
			waitShot(dir, fmt.Sprintf("%d-%s", i+1, "case-detail"))
			fyne.DoAndWait(func() { ui.ShowCasesList(sh, false, false) })
		}
		if sc.ID == ui.ScreenDeadline {
			fyne.DoAndWait(func() { ui.ShowDeadlineChart(sh) })
			waitShot(dir, fmt.Sprintf("%d-%s", i+1, "deadline-chart"))
			var scopes []string
			fyne.DoAndWait(func() { scopes = ui.DeadlineScopes(sh) })
			for k, s := range scopes {
				fyne.DoAndWait(func() { ui.SetDeadlineScope(sh, s); ui.ShowDeadlineTab(sh, "办件清单") })
				waitShot(dir, fmt.Sprintf("%d-deadline-scope-%d", i+1, k))
				if s == "下辖（全部）" {
					fyne.DoAndWait(func() { ui.ShowDeadlineTab(sh, "大厅统计") })
					waitShot(dir, fmt.Sprintf("%d-deadline-scope-%d-halls", i+1, k))
				}
			}
		}
		if sc.ID == ui.ScreenIntake {
			// 内地居民结婚登记 with both ID numbers typed: sex and birth
			// dates filled from them, 民族 with its GB 3304 codes.
			fyne.DoAndWait(func() { sh.StartIntake("000107001001") })
			time.Sleep(1500 * time.Millisecond) // the item and its form load
			fyne.DoAndWait(func() {
				ui.SetIntakeValue(sh, true, "name", "张喆")
				ui.SetIntakeValue(sh, true, "id_number", "11010519491231002X")
				ui.SetIntakeValue(sh, false, "spouse_id", "110105200102030016")
				ui.SetIntakeValue(sh, false, "spouse_nation", "回族")
			})
			waitShot(dir, fmt.Sprintf("%d-%s", i+1, "intake-idfill"))
			// 一件事: 新生儿出生一件事, its items listed, one form and one materials list.
			fyne.DoAndWait(func() { sh.StartIntake("YJS341122001") })
			time.Sleep(1500 * time.Millisecond)
			fyne.DoAndWait(func() { ui.SetIntakeValue(sh, true, "name", "王秀英") })
			waitShot(dir, fmt.Sprintf("%d-%s", i+1, "intake-bundle"))
			// 退休一件事 taken in and accepted by the demo clerk (not on a
			// prepared desk, whose account may not take cases in): three
			// cases, the one 好差评 pad for all three, then the result under it.
			if os.Getenv("YICHUANG_SHOTS_AS") != "" {
				continue
			}
			fyne.DoAndWait(func() { sh.StartIntake("YJS341122003") })
			time.Sleep(1500 * time.Millisecond)
			fyne.DoAndWait(func() {
				for k, v := range map[string]string{"name": "周桂兰", "id_number": "11010519491231002X", "phone": "13905507788"} {
					ui.SetIntakeValue(sh, true, k, v)
				}
				for k, v := range map[string]string{"agent_name": "周桂兰", "reason": "到龄退休，一并办理养老金、公积金和医保",
					"contact_phone": "13905507788", "delivery": "窗口领取"} {
					ui.SetIntakeValue(sh, false, k, v)
				}
				ui.AcceptIntake(sh)
			})
			waitShot(dir, fmt.Sprintf("%d-%s", i+1, "intake-bundle-rating"))
			fyne.DoAndWait(func() { ui.CloseRating(sh) })
			waitShot(dir, fmt.Sprintf("%d-%s", i+1, "intake-bundle-result"))
		}
	}
	// 好差评 as the applicant sees it, then 同步 as the admin registers the desk.
	fyne.DoAndWait(func() { ui.DemoRating(sh) })
	waitShot(dir, "7-rating")
	fyne.DoAndWait(func() {
		if err := lock.DemoAdmin(context.Background()); err != nil {
			log.Error("screenshots: demo admin", "err", err)
		}
		sh.Show(ui.ScreenSync)
	})
	waitShot(dir, "8-register")
	fyne.DoAndWait(a.Quit)
}

// shootBusy waits until the platform has turned the desk's sync away as too
// busy (scripts/busy-screenshots.sh serves it with one push slot), then
// photographs 办件 with the status bar at its foot, and 同步.
func shootBusy(sh *ui.Shell, syncer hall.SyncController, dir string, log *slog.Logger) {
	if syncer == nil {
		log.Error("screenshots: busy: the desk is not registered")
		return
	}
	// A round turned away, and the desk settled for a second to wait for
	// its next attempt far enough ahead that the status still says so
	// when both photographs are taken (~4 s each). The login's own sync,
	// asked by the status bar, may cut the first wait: settled means after it.
	var next, since time.Time
	asked := time.Now().Add(4 * time.Second) // the status bar looks every 3 s
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
		st := syncer.SyncStatus()
		switch {
		case !st.Busy || st.Running || time.Until(st.NextAttempt) < 12*time.Second:
			next = time.Time{}
		case !st.NextAttempt.Equal(next):
			next, since = st.NextAttempt, time.Now()
		case time.Since(since) > time.Second && time.Now().After(asked):
			fyne.DoAndWait(func() { sh.Show(ui.ScreenCases) })
			waitShot(dir, "busy-statusbar")
			fyne.DoAndWait(func() { sh.Show(ui.ScreenSync) })
			waitShot(dir, "busy-sync")
			return
		}
		if time.Now().After(deadline) {
			log.Error("screenshots: busy: the platform never turned the desk away", "status", st.LastError)
			return
		}
	}
}

func waitShot(dir, name string) {
	time.Sleep(3 * time.Second) // let the screen load its data (a loaded machine is slow)
	// The loads hand their rows to the UI goroutine, which on a loaded
	// machine lags seconds behind (laying out a table of sixty cases, say):
	// a photograph taken now showed 办件 still empty although its rows had
	// arrived. Wait until the UI goroutine has done everything queued so
	// far, then give the window a moment to paint it.
	fyne.DoAndWait(func() {})
	time.Sleep(500 * time.Millisecond)
	ready := filepath.Join(dir, ".ready")
	if err := os.WriteFile(ready, []byte(name), 0o644); err != nil {
		return
	}
	for i := 0; i < 200; i++ {
		if _, err := os.Stat(ready); os.IsNotExist(err) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// startupProbe waits until the first screen is usable (the catalog listed
// and the first item's guide shown), prints the time since main began and
// quits: a measurement of cold start.
func startupProbe(a fyne.App, sh *ui.Shell) {
	for {
		ready := false
		fyne.DoAndWait(func() { ready = ui.SelectedItem(sh) != "" })
		if ready {
			fmt.Printf("first screen usable after %d ms\n", time.Since(started).Milliseconds())
			fyne.DoAndWait(a.Quit)
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}
