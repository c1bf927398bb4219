package documents

// table draws rows of bordered cells; widths are in points and add up to
// the content width. A non-empty header is shaded and repeated on every
// page the table runs onto; the columns in shaded are shaded too (labels).
// A row taller than what is left of the page continues on the next one, so
// even a pasted 10,000-character statement prints whole.
func (w *writer) table(widths []float64, header []string, rows [][]string, size float64, shaded ...int) {
	w.setSize(size)
	isShaded := map[int]bool{}
	for _, c := range shaded {
		isShaded[c] = true
	}
	all := func(int) bool { return true }
	if len(header) > 0 {
		w.row(widths, header, all, nil)
	}
	for _, r := range rows {
		w.row(widths, r, func(c int) bool { return isShaded[c] }, func() {
			if len(header) > 0 {
				w.row(widths, header, all, nil)
			}
		})
	}
}

// row draws one row, continuing it on new pages (after onNewPage) while
// its lines do not fit.
func (w *writer) row(widths []float64, cells []string, shade func(int) bool, onNewPage func()) {
	lines := make([][]string, len(widths))
	n := 1
	for i := range widths {
		if i < len(cells) {
			lines[i] = w.split(cells[i], widths[i]-2*pad)
		}
		n = max(n, len(lines[i]))
	}
	lh := w.lineH()
	for from := 0; from < n; {
		fit := int((bottom - w.y - 2*pad) / lh)
		if fit < 1 || (fit < n-from && fit < 3 && w.y > margin+lh) {
			// Not even a few lines fit: start the row on a fresh page.
			size := w.size // newPage prints the page number in its own size
			w.newPage()
			w.setSize(size)
			if onNewPage != nil {
				onNewPage()
			}
			continue
		}
		to := min(n, from+fit)
		h := float64(to-from)*lh + 2*pad
		w.cells(widths, lines, from, to, h, shade)
		w.y += h
		from = to
	}
}

func (w *writer) cells(widths []float64, lines [][]string, from, to int, h float64, shade func(int) bool) {
	x := margin
	w.pdf.SetLineWidth(0.6)
	for i, width := range widths {
		style := "D"
		if shade(i) {
			w.pdf.SetFillColor(238, 238, 238)
			style = "FD"
		}
		w.pdf.RectFromUpperLeftWithStyle(x, w.y, width, h, style)
		for j := from; j < to && j < len(lines[i]); j++ {
			w.pdf.SetXY(x+pad, w.y+pad+float64(j-from)*w.lineH()+w.size*0.2)
			w.cell(lines[i][j])
		}
		x += width
	}
}
