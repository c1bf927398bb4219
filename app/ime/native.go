//go:build ((linux || freebsd || netbsd || openbsd) && (x11 || !wayland)) || windows

package ime

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"github.com/go-gl/glfw/v3.4/glfw"
)

// glfwNative is the API our GLFW patch adds: the GLFW_IME input mode and
// glfwSetPreeditCursorRectangle.
type glfwNative struct{ w *glfw.Window }

func (n glfwNative) SetOn(on bool) {
	v := glfw.False
	if on {
		v = glfw.True
	}
	n.w.SetInputMode(glfw.IME, v)
}

func (n glfwNative) SetCaret(r Rect) { n.w.SetPreeditCursorRectangle(r.X, r.Y, r.W, r.H) }

// Every is how often the focus is looked at besides after input: a screen
// that moves the focus by itself (after a login, a dialog, a screen
// switch) gets no key or click first, and the input method must know
// before the clerk's first key, which it sees before the window does.
const Every = 200 * time.Millisecond

// Follow makes win's input method follow the focus and the caret from now
// on: after every key, character and click the window handles (GLFW's
// callbacks, which Fyne set, are wrapped) and every Every. Call it on the UI goroutine once the window is shown;
// nil where the platform offers nothing (native Wayland, macOS).
func Follow(win fyne.Window) *Follower {
	gw := glfwWindow(win)
	if gw == nil {
		return nil
	}
	f := NewFollower(win.Canvas(), glfwNative{gw})
	var key glfw.KeyCallback
	key = gw.SetKeyCallback(func(w *glfw.Window, k glfw.Key, sc int, a glfw.Action, m glfw.ModifierKey) {
		if key != nil {
			key(w, k, sc, a, m)
		}
		f.Update()
	})
	var char glfw.CharCallback
	char = gw.SetCharCallback(func(w *glfw.Window, r rune) {
		if char != nil {
			char(w, r)
		}
		f.Update()
	})
	var mouse glfw.MouseButtonCallback
	mouse = gw.SetMouseButtonCallback(func(w *glfw.Window, b glfw.MouseButton, a glfw.Action, m glfw.ModifierKey) {
		if mouse != nil {
			mouse(w, b, a, m)
		}
		f.Update()
		fyne.Do(f.Update) // a tap Fyne dispatches a moment later
	})
	go func() {
		for range time.Tick(Every) {
			fyne.Do(f.Update)
		}
	}()
	f.Update()
	return f
}

// FollowWhenShown waits (off the UI goroutine) until win's native window
// exists, at most 30 s, then follows it: Fyne creates the window a moment
// after the app starts.
func FollowWhenShown(win fyne.Window) {
	for range 300 {
		var f *Follower
		fyne.DoAndWait(func() { f = Follow(win) })
		if f != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func glfwWindow(win fyne.Window) (gw *glfw.Window) {
	n, ok := win.(driver.NativeWindow)
	if !ok {
		return nil
	}
	n.RunNative(func(ctx any) {
		switch c := ctx.(type) {
		case driver.X11WindowContext:
			gw = fromX11(c.WindowHandle)
		case driver.WindowsWindowContext:
			gw = fromWin32(c.HWND)
		}
	})
	return gw
}
