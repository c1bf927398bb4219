package main

import "fyne.io/fyne/v2"

// stillApp is the application as its widgets see it (fyne.CurrentApp),
// with animations off. Fyne's entry fades its cursor in and out for as
// long as it has the focus, and every step of the fade repaints the whole
// window: a clerk's idle window with the cursor in a field cost 10–20 % of
// a core under Xvfb, more with a dialog open (scripts/idle-cpu.sh). Fyne
// turns the fade off only with a build tag or in the user's global Fyne
// settings; a steady cursor is as easy to find, and the window then costs
// nothing while nobody works. Button press ripples and tab slides go too.
type stillApp struct{ fyne.App }

func (a stillApp) Settings() fyne.Settings { return stillSettings{a.App.Settings()} }

type stillSettings struct{ fyne.Settings }

func (stillSettings) ShowAnimations() bool { return false }
