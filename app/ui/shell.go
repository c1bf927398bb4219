package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// Shell is the main window's content: the navigation, the current screen
// and the status bar.
type Shell struct {
	env    *Env
	tabs   *container.AppTabs
	pages  map[ScreenID]Page
	order  []ScreenID
	status *statusBar
	urges  *urgeBanner // 督办 waiting for this desk's reply (urges.go)
	root   fyne.CanvasObject
	intake *intakePage
	// wantFirst: the screen changed while a dialog was open; its first
	// field gets the focus when the dialog closes (focus.go).
	wantFirst bool
}

// NewShell builds every screen and the status bar. ctx (or Close) ends the
// shell's background refresh and its loads.
func NewShell(ctx context.Context, w fyne.Window, s Services, o Options) *Shell {
	sh := &Shell{pages: map[ScreenID]Page{}}
	ctx, cancel := context.WithCancel(ctx)
	sh.env = &Env{Services: s, Window: w, ctx: ctx, shell: sh, opts: o, cancel: cancel}
	if w != nil {
		shells[w] = sh // a closing dialog finds the screen's first field (focus.go)
	}
	var items []*container.TabItem
	for _, sc := range Screens() {
		sh.order = append(sh.order, sc.ID)
		items = append(items, container.NewTabItemWithIcon(sc.Title, sc.Icon, sh.build(sc)))
	}
	sh.tabs = container.NewAppTabs(items...)
	sh.tabs.SetTabLocation(container.TabLocationLeading)
	sh.tabs.OnSelected = func(ti *container.TabItem) {
		if sh.intake != nil && sh.order[sh.tabs.SelectedIndex()] != ScreenIntake {
			sh.intake.Leave() // leaving the intake screen saves its draft (drafts_intake.go)
		}
		if p := sh.pages[sh.order[sh.tabs.SelectedIndex()]]; p != nil {
			p.Refresh()
		}
		sh.focusFirst()
		sh.status.Refresh()
		sh.urges.Refresh()
	}
	sh.status = newStatusBar(sh.env)
	sh.urges = newUrgeBanner(sh.env)
	sh.root = container.NewBorder(sh.urges.box, sh.status.Content(), nil, nil, sh.tabs)
	return sh
}

// build makes one screen afresh and returns its content.
func (sh *Shell) build(sc Screen) fyne.CanvasObject {
	sh.env.building = true
	defer func() { sh.env.building = false }()
	p := sc.Build(sh.env)
	sh.pages[sc.ID] = p
	if ip, ok := p.(*intakePage); ok {
		sh.intake = ip
	}
	return p.Content()
}

// Reset builds every screen afresh and shows the first: after a logout
// nothing of the previous user (an open application, search text, lists,
// filters, a case's detail) is left in the window for the next. Drafts are
// saved before (LockScreen.Logout); what screens registered to hear of a
// new user goes with them.
func (sh *Shell) Reset() {
	if p := sh.env.rating; p != nil && p.close != nil {
		p.close() // an applicant's rating not given goes with the session; the QR code remains
	}
	sh.env.pageHooks = nil
	for i, sc := range Screens() {
		if i >= len(sh.tabs.Items) {
			break
		}
		sh.tabs.Items[i].Content = sh.build(sc)
	}
	sh.tabs.SelectIndex(0)
	sh.tabs.Refresh()
}

// Close stops the shell's background work and waits for the loads in
// flight; after it no screen touches the services. The window closes the
// shell after stopping sync and before closing the database, so no load
// meets a closed database.
func (sh *Shell) Close() { sh.env.close() }

// Content is the window's content.
func (sh *Shell) Content() fyne.CanvasObject { return sh.root }

// Show switches to a screen, reloads it (once) and gives its first field
// the focus, so typing never goes nowhere. Switching tabs runs the tabs'
// OnSelected, which does all three; the screen already on show is
// reloaded here.
func (sh *Shell) Show(id ScreenID) {
	for i, o := range sh.order {
		if o != id {
			continue
		}
		if sh.tabs.SelectedIndex() != i {
			sh.tabs.SelectIndex(i) // OnSelected: reload, focus, status bar
			return
		}
		sh.pages[id].Refresh()
		sh.focusFirst()
		return
	}
}

// Current is the screen on show.
func (sh *Shell) Current() ScreenID { return sh.order[sh.tabs.SelectedIndex()] }

// Page returns a built screen (for tests and screenshots).
func (sh *Shell) Page(id ScreenID) Page { return sh.pages[id] }

// StartIntake opens the intake screen for an item.
func (sh *Shell) StartIntake(code string) {
	sh.intake.SetItem(code)
	sh.Show(ScreenIntake)
}

// Start loads the first screen and keeps the status bar fresh until ctx ends.
func (sh *Shell) Start(every time.Duration) {
	sh.pages[sh.order[0]].Refresh()
	sh.status.Refresh()
	sh.urges.Refresh()
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-sh.env.ctx.Done():
				return
			case <-t.C:
				fyne.Do(sh.tick)
			}
		}
	}()
}

// tick refreshes the status bar and, while an application is open on 受理,
// the document camera's folder.
func (sh *Shell) tick() {
	sh.status.Refresh()
	sh.urges.Refresh() // a 督办 the sync brought shows at once
	if sh.intake != nil && sh.intake.view != nil && sh.showing(ScreenIntake) {
		sh.intake.scans.poll()
	}
}

// SearchCatalog types text into 事项目录's search box, as a clerk would
// (for screenshots); call it on the UI goroutine.
func SearchCatalog(sh *Shell, text string) {
	if p, ok := sh.pages[ScreenCatalog].(*catalogPage); ok {
		p.filter.SetText(text)
	}
}

// SelectedItem is the item chosen in the catalog, "" when none.
func SelectedItem(sh *Shell) string {
	if p, ok := sh.pages[ScreenCatalog].(*catalogPage); ok {
		return p.selected
	}
	return ""
}

// SetIntakeValue puts v into the field at path of the open intake
// screen's applicant block (applicant) or item form, as if the clerk had
// typed it, and gives that field the focus (for --screenshots: the fields
// an ID number fills show).
func SetIntakeValue(sh *Shell, applicant bool, path string, v any) bool {
	if sh.intake == nil {
		return false
	}
	f := sh.intake.form
	if applicant {
		f = sh.intake.applicant
	}
	if f == nil || !f.Set(path, v) {
		return false
	}
	if c := sh.env.Window.Canvas(); c != nil && f.Field(path) != nil {
		c.Focus(f.Field(path)) // the form scrolls to it
	}
	return true
}

// AcceptIntake receives every material of the open intake and presses 受理,
// as the clerk does (for --screenshots: a bundle's result and the 好差评 pad
// that follows it).
func AcceptIntake(sh *Shell) {
	if sh.intake == nil || sh.intake.materials == nil {
		return
	}
	sh.intake.materials.all.OnTapped()
	sh.intake.accept.OnTapped()
}

// ShowDeadlineChart switches 时限监督 to its chart (for --screenshots).
func ShowDeadlineChart(sh *Shell) {
	ShowDeadlineTab(sh, T("deadline.tab.chart", "部门图表"))
}

// ShowDeadlineTab switches 时限监督 to the tab named title (for --screenshots).
func ShowDeadlineTab(sh *Shell, title string) {
	if p, ok := sh.pages[ScreenDeadline].(*deadlinePage); ok && p.tabs != nil {
		for i, ti := range p.tabs.Items {
			if strings.HasPrefix(ti.Text, title) {
				p.tabs.SelectIndex(i)
			}
		}
	}
}

// DeadlineScopes lists the scope choices 时限监督 offers (for --screenshots).
func DeadlineScopes(sh *Shell) []string {
	p, ok := sh.pages[ScreenDeadline].(*deadlinePage)
	if !ok || !p.scopes.box.Visible() {
		return nil
	}
	return append([]string(nil), p.scopes.sel.Options...)
}

// SetDeadlineScope chooses a scope on 时限监督 (for --screenshots).
func SetDeadlineScope(sh *Shell, choice string) {
	if p, ok := sh.pages[ScreenDeadline].(*deadlinePage); ok {
		p.scopes.sel.SetSelected(choice)
	}
}

// ShowUrges opens the list of 督办 waiting for a reply, if any (for
// --screenshots); false when there are none.
func ShowUrges(sh *Shell) bool {
	if !sh.urges.box.Visible() {
		return false
	}
	sh.urges.showList()
	return true
}

// HideUrges closes the list ShowUrges opened.
func HideUrges(sh *Shell) {
	if l := sh.urges.list; l != nil && l.d != nil {
		l.d.Hide()
	}
}
