package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
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
