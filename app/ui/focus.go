package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
)

// The window's focus and keyboard rules (docs/adr/0023), in one place:
//
//   - after a login, a screen switch and the close of any dialog the focus
//     is in the current screen's first field, so typing never goes nowhere
//     (a dialog that closes gives it back to the field that had it, if
//     that field is still on show);
//   - Ctrl+1…6 and the window's other shortcuts work from inside any field;
//     behind a dialog they, and every other Ctrl or Alt key, do nothing;
//   - Esc closes the dialog on top.
//
// Every dialog of the app is shown through showDialog; the window's key
// hook (app/ime HookKeys) hands each key press to Shell.WindowKey before
// Fyne gives it to the focused widget, which would keep it to itself.

// firstField is a screen that says where its typing starts (事项目录: the
// search box; screens.go). A screen that does not say, or has no
// such field on show yet, leaves nothing focused until it has.
type firstField interface {
	FirstField() fyne.Focusable
}

// openDialogs are the dialogs shown through showDialog or showBusy and
// still open, by the overlay each put on its window's canvas.
var openDialogs = map[fyne.CanvasObject]openDialog{}

type openDialog struct {
	d    dialog.Dialog
	esc  bool                     // Esc closes it (not a "working…" note: the work goes on)
	keys func(fyne.Shortcut) bool // the dialog's own shortcuts (办件's actions), nil when none
}

// shells finds a window's shell, for a dialog closing on it (the dialog
// helpers are given only the window).
var shells = map[fyne.Window]*Shell{}

// showDialog shows d over w, remembers it for Esc, and when it closes puts
// the focus back: where it was, if that field is still on show, else the
// current screen's first field.
func showDialog(w fyne.Window, d dialog.Dialog) { show(w, d, true, nil) }

// showDialogKeys is showDialog for a dialog with shortcuts of its own
// (a case's actions, Alt+letter): keys runs them and says whether it knew
// the shortcut; the window's other shortcuts still do nothing behind it.
func showDialogKeys(w fyne.Window, d dialog.Dialog, keys func(fyne.Shortcut) bool) {
	show(w, d, true, keys)
}

// showBusy shows a note that work is going on, which the work closes:
// modal like any dialog, but Esc leaves it.
func showBusy(w fyne.Window, d dialog.Dialog) { show(w, d, false, nil) }

func show(w fyne.Window, d dialog.Dialog, esc bool, keys func(fyne.Shortcut) bool) {
	c := w.Canvas()
	below := c.Overlays().Top()
	var top fyne.CanvasObject
	d.SetOnClosed(func() {
		delete(openDialogs, top)
		if c.Overlays().Top() != nil {
			return // another dialog is still open: its own focus stands
		}
		sh := shells[w]
		if f := c.Focused(); f != nil && onShow(c, f) && (sh == nil || !sh.wantFirst) {
			return
		}
		if sh != nil {
			sh.focusFirst()
		}
	})
	d.Show()
	if t := c.Overlays().Top(); t != nil && t != below {
		top = t
		openDialogs[t] = openDialog{d, esc, keys}
	}
}

// onTop reports whether d is the dialog on top of w: a dialog's own
// shortcuts act only then, never behind another dialog.
func onTop(w fyne.Window, d dialog.Dialog) bool {
	if w == nil || d == nil {
		return w == nil
	}
	top := w.Canvas().Overlays().Top()
	od, ok := openDialogs[top]
	return top != nil && ok && od.d == d
}

// onShow reports whether o is visible on c, or about to be: an object
// just put on the screen has no canvas until it is first drawn, and
// Canvas.Focus finds it in the content all the same. (Fyne offers no way
// to ask about what holds it; what a screen switch hides is handled by
// the switch itself, which moves the focus.)
func onShow(c fyne.Canvas, o fyne.Focusable) bool {
	obj, ok := o.(fyne.CanvasObject)
	if !ok || !obj.Visible() || fyne.CurrentApp() == nil {
		return false
	}
	on := fyne.CurrentApp().Driver().CanvasForObject(obj)
	return on == nil || on == c
}

// focusFirst gives the current screen's first field the focus, unless a
// dialog is open over it or the lock is up.
func (sh *Shell) focusFirst() {
	if sh.env.Window == nil || (sh.env.lock != nil && sh.env.lock.locked) {
		return
	}
	c := sh.env.Window.Canvas()
	if c == nil {
		return
	}
	if c.Overlays().Top() != nil {
		sh.wantFirst = true // when the dialog closes (a dialog's action switched screens)
		return
	}
	sh.wantFirst = false
	var f fyne.Focusable
	if ff, ok := sh.pages[sh.Current()].(firstField); ok {
		f = ff.FirstField()
	}
	if d, ok := f.(fyne.Disableable); ok && d.Disabled() {
		f = nil
	}
	if f != nil && onShow(c, f) {
		if c.Focus(f); c.Focused() == f {
			return
		}
	}
	// Nothing to type into yet (a screen still loading: loaded tries
	// again): at least no field of a hidden screen keeps the keys.
	c.Unfocus()
}

// loaded runs after every load a screen shows (Go): a screen that shows
// its first field only once its data is there (办件's list) gets the focus
// then, if nothing else has it.
func (sh *Shell) loaded() {
	if sh.env.Window == nil || sh.tabs == nil { // a load while the shell is being built
		return
	}
	if c := sh.env.Window.Canvas(); c != nil && c.Overlays().Top() == nil && c.Focused() == nil {
		sh.focusFirst()
	}
}

// revealer is a screen that scrolls to show what takes the focus
// (受理's long form: its fields scroll themselves, the materials' ticks and
// buttons are brought into view here after a Tab).
type revealer interface {
	reveal(o fyne.CanvasObject)
}

// revealFocused lets the current screen bring the focused object into view.
func (sh *Shell) revealFocused() {
	if sh.env.Window == nil || sh.tabs == nil {
		return
	}
	c := sh.env.Window.Canvas()
	o, ok := c.Focused().(fyne.CanvasObject)
	if r, is := sh.pages[sh.Current()].(revealer); ok && is && c.Overlays().Top() == nil {
		r.reveal(o)
	}
}

// screenKeys are Ctrl+1…6, in the order of Screens.
var screenKeys = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6}

// editKeys are the shortcuts a field inside a dialog keeps: copy, paste,
// cut, select all, undo, redo.
var editKeys = map[fyne.KeyName]bool{fyne.KeyC: true, fyne.KeyV: true, fyne.KeyX: true, fyne.KeyA: true,
	fyne.KeyZ: true, fyne.KeyY: true, fyne.KeyInsert: true}

// WindowKey is the window's say on a key press before the focused widget
// gets it; true when the window used it (or refused it behind a dialog)
// and nobody else may see it.
func (sh *Shell) WindowKey(key fyne.KeyName, mod fyne.KeyModifier) bool {
	if sh.env.Window == nil {
		return false
	}
	c := sh.env.Window.Canvas()
	if key == fyne.KeyTab {
		fyne.Do(sh.revealFocused) // once Fyne has moved the focus
		return false
	}
	ctrlAlt := mod&(fyne.KeyModifierControl|fyne.KeyModifierAlt|fyne.KeyModifierSuper) != 0
	screen := -1
	if mod == fyne.KeyModifierShortcutDefault {
		for i, k := range screenKeys {
			if k == key && i < len(sh.order) {
				screen = i
			}
		}
	}
	if sh.env.lock != nil && sh.env.lock.locked {
		return screen >= 0 // nothing to switch to behind the lock
	}
	top := c.Overlays().Top()
	if top == nil {
		if screen >= 0 {
			sh.Show(sh.order[screen])
			return true
		}
		// The window's other shortcuts (Ctrl+S, Ctrl+Enter, Ctrl+P on 受理,
		// Alt+1…9 on 事项目录) go to the canvas whatever has the focus: a
		// plain entry would keep them to itself and drop them. Copy, paste
		// and the like stay the field's.
		if (mod == fyne.KeyModifierShortcutDefault && !editKeys[key]) || mod == fyne.KeyModifierAlt {
			if sc, ok := c.(interface{ TypedShortcut(fyne.Shortcut) }); ok {
				sc.TypedShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: mod})
				return true
			}
		}
		return false
	}
	if d, ok := openDialogs[top]; ok {
		if key == fyne.KeyEscape && mod == 0 {
			if d.esc {
				d.d.Dismiss()
			}
			return true
		}
		if d.keys != nil && ctrlAlt && d.keys(&desktop.CustomShortcut{KeyName: key, Modifier: mod}) {
			return true
		}
		return ctrlAlt && !(mod == fyne.KeyModifierShortcutDefault && editKeys[key])
	}
	// A drop-down list or a menu is open: it takes its own keys, the
	// screens stay where they are.
	return screen >= 0
}

// AddShortcuts binds Ctrl+1…6 to the screens on the canvas too, for when
// the keys reach the canvas without the window's key hook (Fyne's test
// driver, a platform without the hook). Behind an open dialog they do
// nothing: the dialog must be answered first.
func (sh *Shell) AddShortcuts(c fyne.Canvas) {
	for i := range sh.order {
		if i >= len(screenKeys) {
			break
		}
		key := screenKeys[i]
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault},
			func(fyne.Shortcut) { sh.WindowKey(key, fyne.KeyModifierShortcutDefault) })
	}
}
