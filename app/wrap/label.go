package wrap

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Label is a label whose text wraps to its width by Lines: for messages,
// errors and hints in Chinese. It has the fields of a widget.Label that
// matter for such text; Text keeps the text as given, line breaks are
// only drawn.
type Label struct {
	widget.BaseWidget
	Text       string
	Alignment  fyne.TextAlign
	TextStyle  fyne.TextStyle
	Importance widget.Importance
	SizeName   fyne.ThemeSizeName
}

// NewLabel returns a wrapping label with text.
func NewLabel(text string) *Label {
	return NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{})
}

// NewLabelWithStyle returns a wrapping label with text, alignment and style.
func NewLabelWithStyle(text string, align fyne.TextAlign, style fyne.TextStyle) *Label {
	l := &Label{Text: text, Alignment: align, TextStyle: style}
	l.ExtendBaseWidget(l)
	return l
}

// SetText changes the text and redraws the label.
func (l *Label) SetText(text string) {
	l.Text = text
	l.Refresh()
}

// CreateRenderer draws the text as a plain label holding the lines.
func (l *Label) CreateRenderer() fyne.WidgetRenderer {
	r := &labelRenderer{l: l, inner: widget.NewLabel("")}
	r.sync(l.Size().Width)
	return r
}

type labelRenderer struct {
	l     *Label
	inner *widget.Label
	text  string  // the text the lines are of
	width float32 // the width the lines are for
}

// sync breaks the text for a label of the given width (0: not laid out
// yet, one line per paragraph).
func (r *labelRenderer) sync(width float32) {
	l, in := r.l, r.inner
	changed := in.Alignment != l.Alignment || in.TextStyle != l.TextStyle || in.Importance != l.Importance ||
		in.SizeName != l.SizeName
	in.Alignment, in.TextStyle, in.Importance, in.SizeName = l.Alignment, l.TextStyle, l.Importance, l.SizeName
	if changed || r.text != l.Text || r.width != width {
		r.text, r.width = l.Text, width
		in.Text = r.broken(width)
		in.Refresh()
	}
}

func (r *labelRenderer) broken(width float32) string {
	th := r.l.Theme()
	size := th.Size(theme.SizeNameText)
	if r.l.SizeName != "" {
		size = th.Size(r.l.SizeName)
	}
	avail := width - 2*th.Size(theme.SizeNameInnerPadding)
	if width <= 0 {
		avail = float32(1 << 20)
	}
	style := r.l.TextStyle
	measure := func(s string) float32 { return fyne.MeasureText(s, size, style).Width }
	out := ""
	for i, line := range Lines(r.l.Text, avail, measure) {
		if i > 0 {
			out += "\n"
		}
		out += line
	}
	return out
}

func (r *labelRenderer) Layout(size fyne.Size) {
	r.sync(size.Width)
	r.inner.Resize(size)
}

// MinSize is as tall as the lines at the label's width, and as narrow as
// one character: like a wrapping widget.Label, it takes the width its
// container gives.
func (r *labelRenderer) MinSize() fyne.Size {
	r.sync(r.l.Size().Width)
	th := r.l.Theme()
	size := th.Size(theme.SizeNameText)
	if r.l.SizeName != "" {
		size = th.Size(r.l.SizeName)
	}
	w := fyne.MeasureText("字", size, r.l.TextStyle).Width + 2*th.Size(theme.SizeNameInnerPadding)
	return fyne.NewSize(w, r.inner.MinSize().Height)
}

func (r *labelRenderer) Refresh() {
	r.sync(r.l.Size().Width)
	r.inner.Refresh()
}

func (r *labelRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.inner} }

func (r *labelRenderer) Destroy() {}
