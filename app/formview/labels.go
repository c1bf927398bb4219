package formview

import "fyne.io/fyne/v2"

// labelWidth is the width of the label column: a label longer than it
// wraps onto more lines and its row grows, rather than overlapping the
// next field.
const labelWidth = 190

// fixedWidth lays out one object at a fixed width and the height it needs
// there (a wrapping label's height depends on its width).
type fixedWidth float32

func (w fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.NewSize(float32(w), 0)
	}
	o := objs[0]
	if o.Size().Width != float32(w) {
		o.Resize(fyne.NewSize(float32(w), o.MinSize().Height))
	}
	return fyne.NewSize(float32(w), o.MinSize().Height)
}

func (w fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(float32(w), o.MinSize().Height))
	}
}
