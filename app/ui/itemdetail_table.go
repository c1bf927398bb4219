package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// tableLayout lays cells out row by row in columns whose widths are shares
// of the width given; each row is as tall as its tallest (wrapped) cell.
// Fyne's Table has one height for all rows, which cuts long material
// names and notes.
type tableLayout struct {
	shares  []float32
	heights []float32 // of each row at the last width, for MinSize
}

func (t *tableLayout) widths(total float32) []float32 {
	sum := float32(0)
	for _, s := range t.shares {
		sum += s
	}
	out := make([]float32, len(t.shares))
	for i, s := range t.shares {
		out[i] = total * s / sum
	}
	return out
}

func (t *tableLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	n := len(t.shares)
	w := t.widths(size.Width)
	t.heights = t.heights[:0]
	y := float32(0)
	for r := 0; r*n < len(objs); r++ {
		h := float32(0)
		for c := 0; c < n && r*n+c < len(objs); c++ {
			o := objs[r*n+c]
			o.Resize(fyne.NewSize(w[c], o.MinSize().Height))
			h = max(h, o.MinSize().Height)
		}
		x := float32(0)
		for c := 0; c < n && r*n+c < len(objs); c++ {
			objs[r*n+c].Move(fyne.NewPos(x, y))
			objs[r*n+c].Resize(fyne.NewSize(w[c], h))
			x += w[c]
		}
		t.heights = append(t.heights, h)
		y += h
	}
}

func (t *tableLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	n := len(t.shares)
	rowsN := (len(objs) + n - 1) / n
	h := float32(0)
	for r := 0; r < rowsN; r++ {
		if r < len(t.heights) {
			h += t.heights[r]
			continue
		}
		rh := float32(0)
		for c := 0; c < n && r*n+c < len(objs); c++ {
			rh = max(rh, objs[r*n+c].MinSize().Height)
		}
		h += rh
	}
	return fyne.NewSize(float32(n)*40, h)
}

// table makes a table of wrapped labels under a bold header row.
func table(shares []float32, header []string, rows [][]string, style func(r, c int, l *widget.Label)) fyne.CanvasObject {
	var cells []fyne.CanvasObject
	for _, h := range header {
		l := widget.NewLabelWithStyle(h, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord
		cells = append(cells, l)
	}
	for r, row := range rows {
		for c, v := range row {
			l := widget.NewLabel(v)
			l.Wrapping = fyne.TextWrapWord
			if style != nil {
				style(r, c, l)
			}
			cells = append(cells, l)
		}
	}
	return container.New(&tableLayout{shares: shares}, cells...)
}
