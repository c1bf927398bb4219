package formview

import (
	"strings"

	"fyne.io/fyne/v2"

	"yichuang/forms"
)

// ethnicCtl is a 民族 field: the GB 3304 list shown with its codes
// ("01 汉族"), the value kept by name. Typing a code picks its group: 3
// picks 03 回族, 1 then 1 picks 11 满族.
type ethnicCtl struct{ c *codeChoice }

func newEthnicCtl(fv *fieldView, v any) *ethnicCtl {
	labels := make([]string, len(forms.EthnicGroups))
	for i, g := range forms.EthnicGroups {
		labels[i] = g.Code + " " + g.Name
	}
	e := &ethnicCtl{}
	e.c = newCodeChoice(fv.form, labels, func(string) { fv.form.touched[fv.path] = true; fv.form.changed(fv.path) })
	e.c.PlaceHolder = placeholder(fv.def)
	if s, ok := v.(string); ok {
		e.set(s)
	}
	return e
}

// set selects the group named s (or coded s); "" clears the field.
func (e *ethnicCtl) set(s string) bool {
	if s == "" {
		e.c.ClearSelected()
		return true
	}
	for i, g := range forms.EthnicGroups {
		if g.Name == s || g.Code == s {
			e.c.SetSelectedIndex(i)
			return true
		}
	}
	return false
}

func (e *ethnicCtl) value() any {
	if e.c.Selected == "" {
		return nil
	}
	_, name, _ := strings.Cut(e.c.Selected, " ")
	return name
}

func (e *ethnicCtl) object() fyne.CanvasObject { return e.c }

func (e *ethnicCtl) focusables() []fyne.Focusable { return []fyne.Focusable{e.c} }

// codeChoice is a choice whose options start with a two-digit code: the
// digits typed pick the option by its code instead of its position.
type codeChoice struct {
	choice
	pending string // the first digit of a code being typed
}

func newCodeChoice(f *Form, options []string, changed func(string)) *codeChoice {
	c := &codeChoice{}
	c.form = f
	c.Options = options
	c.OnChanged = changed
	c.PlaceHolder = " "
	c.ExtendBaseWidget(c)
	return c
}

// TypedRune takes a code: the first digit shows the option 0d (3 → 03),
// a second one completes the code (1, 1 → 11). Two digits that name no
// option leave the choice as it was.
func (c *codeChoice) TypedRune(r rune) {
	if r < '0' || r > '9' {
		c.pending = ""
		return
	}
	code := c.pending + string(r)
	if len(code) == 1 {
		c.pending = code
		c.pick("0" + code)
		return
	}
	c.pending = ""
	c.pick(code)
}

func (c *codeChoice) pick(code string) {
	for i, o := range c.Options {
		if strings.HasPrefix(o, code+" ") {
			c.SetSelectedIndex(i)
			return
		}
	}
}

func (c *codeChoice) TypedKey(k *fyne.KeyEvent) {
	c.pending = ""
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		c.form.focusNext(c)
	case fyne.KeyDelete, fyne.KeyBackspace:
		c.ClearSelected()
	default:
		c.Select.TypedKey(k)
	}
}

func (c *codeChoice) FocusGained() {
	c.pending = ""
	c.Select.FocusGained()
	c.form.gained(c)
}
