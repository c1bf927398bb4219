package formview

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"yichuang/forms"
)

// Form is a schema rendered as widgets.
type Form struct {
	schema *forms.Schema
	top    *level
	root   *fyne.Container

	// OnChanged is called (on the UI goroutine) after every change of a
	// value: the screen saves its draft from here.
	OnChanged func()
	// OnFocus is called when a field takes the focus, so the screen can
	// scroll it into view.
	OnFocus func(fyne.CanvasObject)
	// Today is the day the checks run against (dates "today", ID birth
	// dates); tests fix it.
	Today func() time.Time

	shortcuts map[string]func()
	touched   map[string]bool   // paths the clerk has left at least once
	all       bool              // a submit was tried: every error shows
	confirmed map[string]string // path → the value the clerk confirmed despite a warning
	problems  map[string]forms.FieldError
	views     map[string]*fieldView
	filled    map[string]string // path → the value the form entered from an ID number
	building  bool
}

// New renders s with the values v (a draft's; nil for an empty form).
func New(s *forms.Schema, v forms.Values) *Form {
	f := &Form{schema: s, Today: time.Now, shortcuts: map[string]func(){},
		touched: map[string]bool{}, confirmed: map[string]string{}, problems: map[string]forms.FieldError{},
		filled: map[string]string{}}
	f.building = true
	f.top = newLevel(f, s.Fields, "", v)
	f.building = false
	f.root = container.NewVBox(f.top.objects()...)
	f.top.refreshShown()
	f.rememberFills()
	return f
}

// Content is the form's widgets.
func (f *Form) Content() fyne.CanvasObject { return f.root }

// Schema is the schema the form renders.
func (f *Form) Schema() *forms.Schema { return f.schema }

// Values are the values exactly as typed, hidden fields included.
func (f *Form) Values() forms.Values { return f.top.values() }

// Clean are the values a case keeps: normalized, shown fields only.
func (f *Form) Clean() forms.Values { return f.schema.Clean(f.schema.Normalize(f.Values())) }

// AddShortcut runs fn when s is typed while a field of the form has the
// focus (a focused text field would otherwise keep it to itself).
func (f *Form) AddShortcut(s fyne.Shortcut, fn func()) { f.shortcuts[s.ShortcutName()] = fn }

// runShortcut runs the form's handler of s, or hands s to the window's
// own shortcuts (Ctrl+1…6 and the like); false when neither knows it.
func (f *Form) runShortcut(s fyne.Shortcut) bool {
	if fn := f.shortcuts[s.ShortcutName()]; fn != nil {
		fn()
		return true
	}
	if _, custom := s.(interface{ KeyName() fyne.KeyName }); !custom {
		return false
	}
	if c := canvasOf(f.root); c != nil {
		if h, ok := c.(interface{ TypedShortcut(fyne.Shortcut) }); ok {
			h.TypedShortcut(s)
			return true
		}
	}
	return false
}

// changed runs after any value changed at path.
func (f *Form) changed(path string) {
	if f.building {
		return
	}
	f.top.refreshShown()
	f.fillFromID(path)
	if v, ok := f.confirmed[path]; ok && v != f.valueAt(path) {
		delete(f.confirmed, path)
	}
	if f.all || f.touched[path] || f.problems[path].Message != "" {
		f.touched[path] = true
		f.show()
	}
	if f.OnChanged != nil {
		f.OnChanged()
	}
}

// left runs when the clerk leaves the field at path.
func (f *Form) left(path string) {
	f.touched[path] = true
	f.show()
}

func (f *Form) gained(o fyne.CanvasObject) {
	if f.OnFocus != nil {
		f.OnFocus(o)
	}
}

func (f *Form) focusNext(o fyne.Focusable) {
	if c := canvasOf(o.(fyne.CanvasObject)); c != nil {
		c.FocusNext()
	}
}

// Focus gives the focus to the first field.
func (f *Form) Focus() {
	if fs := f.top.focusables(); len(fs) > 0 {
		f.focus(fs[0])
	}
}

func canvasOf(o fyne.CanvasObject) fyne.Canvas {
	if fyne.CurrentApp() == nil {
		return nil
	}
	return fyne.CurrentApp().Driver().CanvasForObject(o)
}

// focus gives o the focus through the form's canvas: a widget created a
// moment ago (a new row's first field) has not been drawn yet, so it knows
// no canvas of its own.
func (f *Form) focus(o fyne.Focusable) {
	c := canvasOf(f.root)
	if c == nil {
		c = canvasOf(o.(fyne.CanvasObject))
	}
	if c != nil {
		c.Focus(o)
	}
}

// Field is the widget that takes the focus for the field at path (a
// text field or select; a multi-select's first option), nil when there is
// none. Screens use it to focus a field, tests to type into it.
func (f *Form) Field(path string) fyne.Focusable {
	if fv := f.views[path]; fv != nil {
		if fs := fv.ctl.focusables(); len(fs) > 0 {
			return fs[0]
		}
	}
	return nil
}

// Set puts a value into the field at path as if the clerk had entered it:
// text for a text field, an option for a select, options for a
// multi-select. It reports false for an unknown path or a value the field
// cannot hold.
func (f *Form) Set(path string, v any) bool {
	fv := f.views[path]
	if fv == nil {
		return false
	}
	switch c := fv.ctl.(type) {
	case *entryCtl:
		s, ok := v.(string)
		if ok {
			c.e.SetText(s)
		}
		return ok
	case *ethnicCtl:
		s, ok := v.(string)
		return ok && c.set(s)
	case *selectCtl:
		s, ok := v.(string)
		if !ok || (s != "" && !slices.Contains(c.c.Options, s)) {
			return false
		}
		if s == "" {
			c.c.ClearSelected()
		} else {
			c.c.SetSelected(s)
		}
		return true
	case *multiCtl:
		l, ok := v.([]string)
		for _, t := range c.ticks {
			t.SetChecked(slices.Contains(l, t.Text))
		}
		return ok
	}
	return false
}

// Shown reports whether the field at path is on the form now (its show_if
// condition holds).
func (f *Form) Shown(path string) bool {
	fv := f.views[path]
	return fv != nil && fv.box.Visible()
}
