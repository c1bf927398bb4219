package formview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// texts are the words drawn inside o, in drawing order.
func texts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *canvas.Text:
			out = append(out, x.Text)
		case *fyne.Container:
			for _, k := range x.Objects {
				walk(k)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(x).Objects() {
				walk(k)
			}
		}
	}
	walk(o)
	return out
}

func TestSelectListsItsOptionsNumberedAndADigitPicks(t *testing.T) {
	x := newFixture(t, nil)
	c := x.win.Canvas()
	reason := x.choice("reason")
	c.Focus(reason)
	reason.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	top := c.Overlays().Top()
	if top == nil {
		t.Fatal("Space opened no list")
	}
	got := strings.Join(texts(top), "|")
	for _, want := range []string{"1. 新生儿登记", "2. 补录", "3. 其他"} {
		if !strings.Contains(got, want) {
			t.Errorf("the list shows %q, not %q", got, want)
		}
	}
	if _, ok := c.Focused().(*numberedList); !ok {
		t.Fatalf("the open list does not take the keys: focus on %T", c.Focused())
	}
	c.Focused().TypedRune('2')
	if reason.Selected != "补录" {
		t.Errorf("2 in the open list chose %q", reason.Selected)
	}
	if c.Overlays().Top() != nil || c.Focused() != reason {
		t.Errorf("after the pick: list open %v, focus on %T", c.Overlays().Top() != nil, c.Focused())
	}
	if strings.Contains(strings.Join(texts(reason), "|"), "2.") {
		t.Error("the field shows the option's number")
	}

	// ↓ opens it with the chosen option lit; ↓ Enter takes the next; Esc
	// closes without a change.
	reason.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if reason.Selected != "其他" {
		t.Errorf("↓ Enter from 补录 chose %q", reason.Selected)
	}
	reason.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if reason.Selected != "其他" || c.Overlays().Top() != nil || c.Focused() != reason {
		t.Errorf("Esc: %q, list open %v, focus on %T", reason.Selected, c.Overlays().Top() != nil, c.Focused())
	}
	// A click opens the same list.
	test.Tap(reason)
	if got := strings.Join(texts(c.Overlays().Top()), "|"); !strings.Contains(got, "1. 新生儿登记") {
		t.Errorf("a click opened %q", got)
	}
}
