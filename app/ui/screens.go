package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ScreenID names a screen; Ctrl+1…6 switch to them in this order.
type ScreenID string

// The screens of the main window.
const (
	ScreenCatalog  ScreenID = "catalog"
	ScreenIntake   ScreenID = "intake"
	ScreenCases    ScreenID = "cases"
	ScreenDeadline ScreenID = "deadline"
	ScreenSync     ScreenID = "sync"
	ScreenSettings ScreenID = "settings"
)

// Screen is one entry of the navigation.
type Screen struct {
	ID    ScreenID
	Title string
	Icon  fyne.Resource
	Build func(e *Env) Page
}

// Page is a built screen: its content and a Refresh that reloads its data
// from the services (called whenever the screen is shown).
type Page interface {
	Content() fyne.CanvasObject
	Refresh()
}

// Screens is the one table of screens, in navigation order.
func Screens() []Screen {
	return []Screen{
		{ScreenCatalog, T("nav.catalog", "事项目录"), theme.SearchIcon(), newCatalogPage},
		{ScreenIntake, T("nav.intake", "受理"), theme.DocumentCreateIcon(), newIntakePage},
		{ScreenCases, T("nav.cases", "办件"), theme.ListIcon(), newCasesPage},
		{ScreenDeadline, T("nav.deadline", "时限监督"), theme.HistoryIcon(), newDeadlinePage},
		{ScreenSync, T("nav.sync", "同步"), theme.ViewRefreshIcon(), newSyncPage},
		{ScreenSettings, T("nav.settings", "设置"), theme.SettingsIcon(), newSettingsPage},
	}
}

// Where each screen's typing starts (focus.go gives it the focus after a
// login, a screen switch and a dialog).

// FirstField of 受理: the applicant's name once a form is open, 打印 once
// a decision is made (Enter prints), nothing in the draft box (the list
// takes the keys when clicked).
func (p *intakePage) FirstField() fyne.Focusable {
	if len(p.stack.Objects) == 0 {
		return nil
	}
	shown := p.stack.Objects[0]
	if p.view != nil && shown == p.view && p.applicant != nil {
		for _, k := range []string{"name", "org_name"} {
			if f := p.applicant.Field(k); f != nil && p.applicant.Shown(k) {
				return f
			}
		}
	}
	if p.printBtn != nil && shown == p.result && !p.printBtn.Disabled() {
		return p.printBtn
	}
	return nil
}

// reveal scrolls 受理's form to o if o is one of the materials' ticks,
// entries and buttons (the form's own fields scroll it themselves; the
// buttons below the form are always in view).
func (p *intakePage) reveal(o fyne.CanvasObject) {
	if p.materials == nil || p.view == nil || p.stack.Objects[0] != p.view {
		return
	}
	v := p.materials
	mine := o == fyne.CanvasObject(v.all)
	for _, r := range v.rows {
		for _, x := range []fyne.CanvasObject{r.originals, r.copies, r.deferred, r.due, r.licence, r.attach} {
			mine = mine || o == x
		}
	}
	if mine {
		p.scrollTo(o)
	}
}

// FirstField of 办件: the list; ↑ ↓ move, Enter opens the case. Only once
// the list is on show: before the first load and on a desk with no case
// the screen shows its empty state, and the list is in no canvas.
func (p *casesPage) FirstField() fyne.Focusable {
	if !showing(p.stack, p.full) {
		return nil
	}
	return p.table
}

// FirstField of 时限监督: the first filter.
func (p *deadlinePage) FirstField() fyne.Focusable {
	if p.filters == nil || !showing(p.stack, p.full) { // still loading, or no case
		return nil
	}
	return p.filters.show
}

// FirstField of 事项目录: the search box, once the catalog is on show.
func (p *catalogPage) FirstField() fyne.Focusable {
	if !showing(p.stack, p.root) {
		return nil
	}
	return p.filter
}

// showing reports whether a screen's stack shows view now: a field of a
// view it does not show is in no canvas, and focusing it fails.
func showing(stack *fyne.Container, view fyne.CanvasObject) bool {
	return stack != nil && len(stack.Objects) > 0 && stack.Objects[0] == view
}

// FirstField of 同步: 立即同步.
func (p *syncPage) FirstField() fyne.Focusable { return p.now }

// FirstField of 设置: the first setting.
func (p *settingsPage) FirstField() fyne.Focusable {
	if len(settingFields) == 0 {
		return nil
	}
	if e := p.entries[settingFields[0].key]; e != nil {
		return e
	}
	return nil
}

// keyTable is a table Enter opens a row of, as Space does (Fyne's table
// takes only Space).
type keyTable struct{ widget.Table }

func newKeyTableWithHeaders(length func() (int, int), create func() fyne.CanvasObject,
	update func(widget.TableCellID, fyne.CanvasObject)) *keyTable {
	t := &keyTable{}
	t.Length, t.CreateCell, t.UpdateCell = length, create, update
	t.ShowHeaderRow, t.ShowHeaderColumn = true, true
	t.ExtendBaseWidget(t)
	return t
}

func (t *keyTable) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
		k = &fyne.KeyEvent{Name: fyne.KeySpace}
	}
	t.Table.TypedKey(k)
}
