package formview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
	"yichuang/forms"
)

// level is the fields of one level: the form's, or one row's.
type level struct {
	defs  []forms.Field
	views []*fieldView
}

func newLevel(f *Form, defs []forms.Field, prefix string, v map[string]any) *level {
	l := &level{defs: defs}
	for i := range defs {
		l.views = append(l.views, newFieldView(f, &defs[i], prefix+defs[i].Key, v[defs[i].Key]))
	}
	return l
}

func (l *level) objects() []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, len(l.views))
	for i, v := range l.views {
		out[i] = v.box
	}
	return out
}

func (l *level) values() forms.Values {
	out := forms.Values{}
	for _, v := range l.views {
		if val := v.ctl.value(); val != nil {
			out[v.def.Key] = val
		}
	}
	return out
}

// refreshShown hides the fields a show_if condition hides, here and in
// every row.
func (l *level) refreshShown() {
	shown := forms.Shown(l.defs, l.values())
	for i, v := range l.views {
		if shown[i] {
			v.box.Show()
		} else {
			v.box.Hide()
		}
		if r, ok := v.ctl.(*rowsView); ok {
			for _, row := range r.levels {
				row.refreshShown()
			}
		}
	}
}

func (l *level) focusables() []fyne.Focusable {
	var out []fyne.Focusable
	for _, v := range l.views {
		if v.box.Visible() {
			out = append(out, v.ctl.focusables()...)
		}
	}
	return out
}

// control is the widget of one field.
type control interface {
	value() any // nil when empty
	object() fyne.CanvasObject
	focusables() []fyne.Focusable
}

// fieldView is one field: label, control, its message and hint.
type fieldView struct {
	form    *Form
	def     *forms.Field
	path    string
	ctl     control
	msg     *wrap.Label
	confirm *tick
	box     *fyne.Container
}

func newFieldView(f *Form, def *forms.Field, path string, v any) *fieldView {
	fv := &fieldView{form: f, def: def, path: path}
	fv.msg = wrap.NewLabel("")
	fv.msg.Hide()
	fv.confirm = newTick(f, Text.Confirm, func(on bool) {
		if on {
			f.confirmed[path] = f.valueAt(path)
		} else {
			delete(f.confirmed, path)
		}
		f.show()
	})
	fv.confirm.Hide()
	fv.ctl = newControl(fv, v)
	f.register(fv)
	name, required := def.Label, def.Required || def.MinRows > 0
	if required {
		name = Text.Required + name
	}
	label := wrap.NewLabelWithStyle(name, fyne.TextAlignTrailing, fyne.TextStyle{Bold: required})
	under := []fyne.CanvasObject{fv.ctl.object(), fv.msg, fv.confirm}
	if def.Hint != "" {
		hint := wrap.NewLabel(def.Hint)
		hint.Importance = widget.LowImportance
		under = append(under, hint)
	}
	fv.box = container.NewBorder(nil, nil,
		container.New(fixedWidth(labelWidth), label), nil, container.NewVBox(under...))
	return fv
}

func newControl(fv *fieldView, v any) control {
	f, def := fv.form, fv.def
	switch def.Type {
	case forms.TypeSelect:
		return newSelectCtl(fv, v)
	case forms.TypeEthnicGroup:
		return newEthnicCtl(fv, v)
	case forms.TypeMultiselect:
		return newMultiCtl(fv, v)
	case forms.TypeRows:
		return newRowsView(fv, v)
	}
	e := newEntry(f, def.Type == forms.TypeTextarea)
	switch def.Type {
	case forms.TypeIDNumber, forms.TypePhone, forms.TypeNumber, forms.TypeDate, forms.TypeCreditCode:
		e.latin = true
	}
	e.SetPlaceHolder(placeholder(def))
	if s, ok := v.(string); ok {
		e.SetText(s)
	}
	e.OnChanged = func(string) { f.changed(fv.path) }
	e.onLeave = func() {
		if tidy := tidyText(def, e.Text); tidy != e.Text {
			e.SetText(tidy)
		}
		f.left(fv.path)
	}
	return &entryCtl{e}
}

// register makes a field findable by its path, for its message and focus.
func (f *Form) register(fv *fieldView) {
	if f.views == nil {
		f.views = map[string]*fieldView{}
	}
	f.views[fv.path] = fv
}

func (f *Form) valueAt(path string) string {
	if fv := f.views[path]; fv != nil {
		if s, ok := fv.ctl.value().(string); ok {
			return s
		}
	}
	return ""
}
