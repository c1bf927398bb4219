//go:build ((linux || freebsd || netbsd || openbsd) && (x11 || !wayland)) || windows

package ime

import (
	"time"

	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.4/glfw"
)

// KeyHook is the window's say on a key press before Fyne hands it to the
// focused widget (which keeps every key and most shortcuts to itself):
// true when the window used the key and nobody else may see it.
type KeyHook func(key fyne.KeyName, mod fyne.KeyModifier) bool

// HookKeys puts hook in front of win's key presses, once the native
// window exists (at most 30 s; call it off the UI goroutine). It sits in
// GLFW's key callback, where Follow watches the focus too: a key the input
// method consumed never gets here (our GLFW patch), so Esc while composing
// stays the input method's.
func HookKeys(win fyne.Window, hook KeyHook) {
	for range 300 {
		done := false
		fyne.DoAndWait(func() { done = hookKeys(win, hook) })
		if done {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func hookKeys(win fyne.Window, hook KeyHook) bool {
	gw := glfwWindow(win)
	if gw == nil {
		return false
	}
	var next glfw.KeyCallback
	used := map[glfw.Key]bool{} // pressed keys the hook used: their repeats go too
	next = gw.SetKeyCallback(func(w *glfw.Window, k glfw.Key, sc int, a glfw.Action, m glfw.ModifierKey) {
		switch a {
		case glfw.Press:
			name, ok := keyNames[k]
			if used[k] = ok && hook(name, modifiers(m)); used[k] {
				// To Fyne the key went up at once: any key event tells it
				// that an Alt held down is a modifier, not a press that
				// opens the menu bar on its release (the input method may
				// keep the real release to itself).
				if next != nil {
					next(w, k, sc, glfw.Release, m)
				}
				return
			}
		case glfw.Repeat:
			if used[k] {
				return
			}
		case glfw.Release:
			delete(used, k)
		}
		if next != nil {
			next(w, k, sc, a, m)
		}
	})
	return true
}

// keyNames are the keys the window's shortcuts use, and Tab.
var keyNames = func() map[glfw.Key]fyne.KeyName {
	m := map[glfw.Key]fyne.KeyName{glfw.KeyEscape: fyne.KeyEscape, glfw.KeyInsert: fyne.KeyInsert, glfw.KeyTab: fyne.KeyTab,
		glfw.KeyEnter: fyne.KeyReturn, glfw.KeyKPEnter: fyne.KeyEnter}
	for i := range 10 {
		m[glfw.Key0+glfw.Key(i)] = fyne.KeyName(rune('0' + i))
	}
	for i := range 26 {
		m[glfw.KeyA+glfw.Key(i)] = fyne.KeyName(rune('A' + i))
	}
	return m
}()

func modifiers(m glfw.ModifierKey) fyne.KeyModifier {
	var out fyne.KeyModifier
	if m&glfw.ModShift != 0 {
		out |= fyne.KeyModifierShift
	}
	if m&glfw.ModControl != 0 {
		out |= fyne.KeyModifierControl
	}
	if m&glfw.ModAlt != 0 {
		out |= fyne.KeyModifierAlt
	}
	if m&glfw.ModSuper != 0 {
		out |= fyne.KeyModifierSuper
	}
	return out
}
