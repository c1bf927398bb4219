//go:build !(((linux || freebsd || netbsd || openbsd) && (x11 || !wayland)) || windows)

package ime

import "fyne.io/fyne/v2"

// Follow does nothing here: the platform's window system gives GLFW no
// input method to steer (native Wayland, macOS).
func Follow(fyne.Window) *Follower { return nil }

// FollowWhenShown does nothing here either.
func FollowWhenShown(fyne.Window) {}

// KeyHook is the window's say on a key press before the focused widget.
type KeyHook func(key fyne.KeyName, mod fyne.KeyModifier) bool

// HookKeys does nothing here: the window's shortcuts stay on the canvas.
func HookKeys(fyne.Window, KeyHook) {}
