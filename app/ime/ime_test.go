package ime

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// latinEntry is a field of the kind a form makes for ID numbers.
type latinEntry struct{ widget.Entry }

func (*latinEntry) LatinOnly() bool { return true }

// nameEntry embeds an Entry as the app's own fields do.
type nameEntry struct{ widget.Entry }

type recorder struct {
	on    []bool
	caret []Rect
}

func (r *recorder) SetOn(on bool)   { r.on = append(r.on, on) }
func (r *recorder) SetCaret(c Rect) { r.caret = append(r.caret, c) }

func TestFollowerTurnsOffInLatinFieldsAndFollowsTheCaret(t *testing.T) {
	test.NewTempApp(t)
	name := &nameEntry{}
	name.ExtendBaseWidget(name)
	id := &latinEntry{}
	id.ExtendBaseWidget(id)
	pw := widget.NewPasswordEntry()
	w := test.NewWindow(container.NewVBox(name, id, pw, widget.NewButton("ok", nil)))
	defer w.Close()
	w.Resize(fyne.NewSize(400, 300))
	r := &recorder{}
	f := NewFollower(w.Canvas(), r)

	w.Canvas().Focus(name)
	f.Update()
	if len(r.on) != 1 || !r.on[0] || len(r.caret) != 1 {
		t.Fatalf("name field: on %v caret %v, want on with a caret", r.on, r.caret)
	}
	start := r.caret[0]
	test.Type(name, "张三")
	f.Update()
	if len(r.caret) != 2 || r.caret[1].X <= start.X || r.caret[1].Y != start.Y {
		t.Fatalf("after typing the caret went from %v to %v, want further right on the same row", start, r.caret)
	}
	f.Update()
	if len(r.caret) != 2 || len(r.on) != 1 {
		t.Fatalf("nothing moved but the input method was told again: on %v caret %v", r.on, r.caret)
	}

	w.Canvas().Focus(id)
	f.Update()
	w.Canvas().Focus(pw)
	f.Update()
	if len(r.on) != 2 || r.on[1] {
		t.Fatalf("ID then password: on %v, want one switch off", r.on)
	}
	w.Canvas().FocusNext() // the button: no text, the input method stays as it was
	f.Update()
	w.Canvas().Unfocus()
	f.Update()
	if len(r.on) != 2 {
		t.Fatalf("button, then nothing: on %v, want no change", r.on)
	}
	w.Canvas().Focus(name)
	f.Update()
	if len(r.on) != 3 || !r.on[2] {
		t.Fatalf("back in the name field: on %v, want on again", r.on)
	}
	if got := For(w.Canvas(), id); got.On {
		t.Fatalf("ID field state %+v, want off", got)
	}
	if e := entryOf(name); e != &name.Entry {
		t.Fatalf("entryOf(name) = %p, want its embedded Entry %p", e, &name.Entry)
	}
}
