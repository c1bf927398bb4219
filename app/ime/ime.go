// Package ime keeps the platform's input method in step with the focused
// field: on, with its candidate window at the caret, in fields that take
// Chinese; off in passwords, ID numbers, phone numbers, numbers and dates,
// where a pinyin input method only gets in the way (a password shown in
// the candidate window, an ID's X turned into 下). The platform half is
// the small API our GLFW patch adds (build/glfw, docs/adr/0010).
package ime

import (
	"reflect"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Latin is implemented by fields that say whether they take only Latin
// letters, digits and signs (no input method). A password entry needs
// no such method: its Password flag says so.
type Latin interface {
	LatinOnly() bool
}

// State is what the input method should do for a focused object: be on
// (Caret is then the text cursor's rectangle in window pixels) or off;
// Keep when the object takes no text.
type State struct {
	On    bool
	Caret Rect
	Keep  bool
}

// Rect is a rectangle in window pixels.
type Rect struct{ X, Y, W, H int }

// Native is the platform side: GLFW's input mode and caret rectangle.
type Native interface {
	SetOn(bool)
	SetCaret(Rect)
}

// For is the state for focused object o on canvas c. Nothing focused, or
// something that takes no text (a button, a list), keeps the input method
// as it is: between a password and the next screen the focus passes
// through nothing, and a key sent to the input method in that moment
// would come back after the keys typed behind it.
func For(c fyne.Canvas, o fyne.Focusable) State {
	if o == nil {
		return State{Keep: true}
	}
	if l, ok := o.(Latin); ok && l.LatinOnly() {
		return State{}
	}
	e := entryOf(o)
	if e == nil {
		return State{Keep: true}
	}
	if e.Password {
		return State{}
	}
	return State{On: true, Caret: caret(c, o.(fyne.CanvasObject), e)}
}

var entryType = reflect.TypeFor[widget.Entry]()

// entryOf finds the widget.Entry in o: o itself, or the Entry that o's
// own type embeds (the app's entries that move on with Enter, the search
// box, widget.SelectEntry).
func entryOf(o fyne.Focusable) *widget.Entry {
	if e, ok := o.(*widget.Entry); ok {
		return e
	}
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	f, ok := v.Elem().Type().FieldByName("Entry")
	if !ok || !f.Anonymous || f.Type != entryType {
		return nil
	}
	return v.Elem().FieldByIndex(f.Index).Addr().Interface().(*widget.Entry)
}

// caret is where the entry draws its cursor, in window pixels: the
// entry's place on the canvas, its inner padding, the width of the text
// before the cursor on the cursor's row and the rows above. An entry that
// has scrolled its text sideways places it a little off; the input
// method's window still opens beside the field.
func caret(c fyne.Canvas, obj fyne.CanvasObject, e *widget.Entry) Rect {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(obj)
	size := theme.TextSize()
	style := e.TextStyle
	line := fyne.MeasureText("M", size, style).Height
	pad := theme.InnerPadding()
	rows := splitRows(e.Text)
	row, col := e.CursorRow, e.CursorColumn
	text := ""
	if row >= 0 && row < len(rows) {
		r := []rune(rows[row])
		if col > len(r) {
			col = len(r)
		}
		text = string(r[:max(col, 0)])
	}
	x := pos.X + pad + fyne.MeasureText(text, size, style).Width
	y := pos.Y + pad/2 + float32(row)*line
	if !e.MultiLine {
		y = pos.Y + (obj.Size().Height-line)/2
	}
	if x > pos.X+obj.Size().Width-pad {
		x = pos.X + obj.Size().Width - pad
	}
	scale := c.Scale()
	return Rect{X: int(x * scale), Y: int(y * scale), W: int(2 * scale), H: int(line * scale)}
}

func splitRows(s string) []string {
	rows := []string{""}
	for _, r := range s {
		if r == '\n' {
			rows = append(rows, "")
			continue
		}
		rows[len(rows)-1] += string(r)
	}
	return rows
}

// Follower applies the state of whatever has the focus to the native
// input method, telling it only what changed.
type Follower struct {
	canvas fyne.Canvas
	native Native
	last   State
	known  bool
}

// NewFollower follows c's focus with n.
func NewFollower(c fyne.Canvas, n Native) *Follower {
	return &Follower{canvas: c, native: n}
}

// Update looks at the focus now. Call it on the UI goroutine after
// anything that may move the focus or the caret.
func (f *Follower) Update() {
	s := For(f.canvas, f.canvas.Focused())
	if s.Keep || f.known && s == f.last {
		return
	}
	if !f.known || s.On != f.last.On {
		f.native.SetOn(s.On)
	}
	if s.On && (!f.known || s.Caret != f.last.Caret) {
		f.native.SetCaret(s.Caret)
	}
	f.last, f.known = s, true
}
