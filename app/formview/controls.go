package formview

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// The controls of the field types: a text field (every type typed as
// text), a select, a multi-select. A rows field is a rowsView (rows.go).

type entryCtl struct{ e *entry }

func (c *entryCtl) value() any {
	if c.e.Text == "" {
		return nil
	}
	return c.e.Text
}

func (c *entryCtl) object() fyne.CanvasObject { return c.e }

func (c *entryCtl) focusables() []fyne.Focusable { return []fyne.Focusable{c.e} }

type selectCtl struct{ c *choice }

func newSelectCtl(fv *fieldView, v any) *selectCtl {
	c := newChoice(fv.form, fv.def.Options, func(string) { fv.form.touched[fv.path] = true; fv.form.changed(fv.path) })
	if s, ok := v.(string); ok && slices.Contains(fv.def.Options, s) {
		c.SetSelected(s)
	}
	c.PlaceHolder = placeholder(fv.def)
	return &selectCtl{c}
}

func (s *selectCtl) value() any {
	if s.c.Selected == "" {
		return nil
	}
	return s.c.Selected
}

func (s *selectCtl) object() fyne.CanvasObject { return s.c }

func (s *selectCtl) focusables() []fyne.Focusable { return []fyne.Focusable{s.c} }

type multiCtl struct {
	ticks []*tick
	box   *fyne.Container
}

func newMultiCtl(fv *fieldView, v any) *multiCtl {
	m := &multiCtl{box: container.NewHBox()}
	var chosen []string
	switch x := v.(type) {
	case []string:
		chosen = x
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				chosen = append(chosen, s)
			}
		}
	}
	for _, o := range fv.def.Options {
		t := newTick(fv.form, o, func(bool) { fv.form.touched[fv.path] = true; fv.form.changed(fv.path) })
		t.Checked = slices.Contains(chosen, o)
		m.ticks = append(m.ticks, t)
		m.box.Add(t)
	}
	return m
}

func (m *multiCtl) value() any {
	var out []string
	for _, t := range m.ticks {
		if t.Checked {
			out = append(out, t.Text)
		}
	}
	if out == nil {
		return nil
	}
	return out
}

func (m *multiCtl) object() fyne.CanvasObject { return m.box }

func (m *multiCtl) focusables() []fyne.Focusable {
	out := make([]fyne.Focusable, len(m.ticks))
	for i, t := range m.ticks {
		out[i] = t
	}
	return out
}
