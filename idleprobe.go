package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime/pprof"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/ui"
)

// idleProbe brings the real window into one idle state for a measurement
// of its CPU use (scripts/idle-cpu.sh): on a fresh, throw-away data
// directory it logs the demo clerk in, then focuses the catalog's search
// box (focused), opens the 关于 dialog (dialog), opens a dialog whose
// entry has the focus (dialog-entry) or leaves nothing focused (none), and
// prints "idle-probe ready: STATE (FOCUSED)". It does not quit: the
// script reads the process's CPU time and ends it. With
// YICHUANG_IDLE_PROFILE=FILE it also writes a CPU profile of the next 20 s.
func idleProbe(w fyne.Window, sh *ui.Shell, lock *ui.LockScreen, state string, log *slog.Logger) {
	time.Sleep(2 * time.Second)
	fyne.DoAndWait(func() {
		if err := lock.DemoLogin(context.Background()); err != nil {
			log.Error("idle probe: demo accounts", "err", err)
		}
	})
	time.Sleep(2 * time.Second) // the catalog loads
	c := w.Canvas()
	fyne.DoAndWait(func() {
		c.Unfocus()
		switch state {
		case "focused":
			// Tab until the search box of 事项目录 has the focus.
			for i := 0; i < 50 && fmt.Sprintf("%T", c.Focused()) != "*ui.searchEntry"; i++ {
				c.FocusNext()
			}
		case "dialog":
			ui.ShowAbout(w, ui.Info{Version: "idle-probe"})
		case "dialog-entry":
			e := widget.NewEntry()
			d := dialog.NewForm("idle-probe", "OK", "Cancel", []*widget.FormItem{widget.NewFormItem("entry", e)}, func(bool) {}, w)
			d.Show()
			c.Focus(e)
		}
	})
	time.Sleep(500 * time.Millisecond)
	var focused string
	fyne.DoAndWait(func() { focused = fmt.Sprintf("%T", c.Focused()) })
	fmt.Printf("idle-probe ready: %s (%s)\n", state, focused)
	if path := os.Getenv("YICHUANG_IDLE_PROFILE"); path != "" {
		profileCPU(path, 20*time.Second, log) // where the idle time goes
	}
}

// profileCPU writes a CPU profile of the next d to path.
func profileCPU(path string, d time.Duration, log *slog.Logger) {
	f, err := os.Create(path)
	if err != nil {
		log.Error("idle probe: profile", "err", err)
		return
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Error("idle probe: profile", "err", err)
		return
	}
	time.Sleep(d)
	pprof.StopCPUProfile()
	fmt.Println("idle-probe profile written")
}
