package documents

import (
	"strconv"
	"strings"
	"time"

	"github.com/signintech/gopdf"
)

// A4 portrait in points, with the margins a hall's printer leaves free.
const (
	pageW    = 595.28
	pageH    = 841.89
	margin   = 56.0
	contentW = pageW - 2*margin
	bottom   = pageH - 64
	pad      = 4.0
)

// writer lays text out top to bottom over as many pages as it takes.
type writer struct {
	pdf     *gopdf.GoPdf
	y       float64
	page    int
	size    float64
	header  string // printed at the top of every page after the first
	missing map[rune]bool
	added   map[*face]bool // the faces this document has embedded
}

func newWriter(title string, at time.Time) (*writer, error) {
	if err := loadFont(); err != nil {
		return nil, err
	}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	pdf.SetInfo(gopdf.PdfInfo{Title: title, Creator: "yichuang", Producer: "yichuang", CreationDate: at})
	if err := pdf.AddTTFFontFromFontContainer(mainFace.name, &mainFace.container); err != nil {
		return nil, err
	}
	w := &writer{pdf: pdf, missing: map[rune]bool{}, added: map[*face]bool{mainFace: true}}
	w.newPage()
	return w, nil
}

func (w *writer) newPage() {
	w.pdf.AddPage()
	w.page++
	w.y = margin
	w.setSize(9)
	w.pdf.SetTextColor(90, 90, 90)
	w.at(margin, pageH-40, "第 "+strconv.Itoa(w.page)+" 页")
	if w.page > 1 && w.header != "" {
		w.at(margin, margin-24, w.header+"（续）")
	}
	w.pdf.SetTextColor(0, 0, 0)
}

func (w *writer) setSize(size float64) {
	w.size = size
	_ = w.pdf.SetFont(mainFace.name, "", size)
}

func (w *writer) lineH() float64 { return w.size * 1.45 }

// ensure starts a new page when h more points do not fit on this one.
func (w *writer) ensure(h float64) bool {
	if w.y+h <= bottom {
		return false
	}
	w.newPage()
	return true
}

// at draws one line of text with its top at (x, y).
func (w *writer) at(x, y float64, s string) {
	w.pdf.SetXY(x, y)
	w.cell(w.printable(s))
}

// split wraps s to width at the current size; "" gives one empty line.
func (w *writer) split(s string, width float64) []string {
	var out []string
	for _, para := range strings.Split(w.printable(s), "\n") {
		out = append(out, w.wrap(para, width)...)
	}
	return out
}

// noLineStart are the marks a Chinese line must not begin with: they hang
// at the end of the line before instead (标点悬挂).
const noLineStart = "。，、；：？！）》」』】”’%.,;:?!)]"

// wrap breaks one paragraph into lines no wider than width, breaking
// between any two characters (as Chinese text does) but never before a
// closing mark.
func (w *writer) wrap(para string, width float64) []string {
	if strings.TrimSpace(para) == "" {
		return []string{""}
	}
	var lines []string
	var line []rune
	used := 0.0
	for _, r := range para {
		rw := w.width(string(r))
		if used+rw > width && len(line) > 0 && !strings.ContainsRune(noLineStart, r) {
			lines = append(lines, string(line))
			line, used = line[:0:0], 0
		}
		line = append(line, r)
		used += rw
	}
	return append(lines, string(line))
}

// para writes wrapped text across the content width; indent moves every
// line right.
func (w *writer) para(s string, size, indent float64) {
	w.setSize(size)
	for _, l := range w.split(s, contentW-indent) {
		w.ensure(w.lineH())
		w.pdf.SetXY(margin+indent, w.y)
		w.cell(l)
		w.y += w.lineH()
	}
}

// centered writes one line centred on the page.
func (w *writer) centered(s string, size float64) {
	w.line(s, size, func(tw float64) float64 { return (pageW - tw) / 2 })
}

// right writes one line flush right.
func (w *writer) right(s string, size float64) {
	w.line(s, size, func(tw float64) float64 { return pageW - margin - tw })
}

// line writes one line at the x that x gives for its width.
func (w *writer) line(s string, size float64, x func(tw float64) float64) {
	w.setSize(size)
	s = w.printable(s)
	tw := w.width(s)
	w.ensure(w.lineH())
	w.pdf.SetXY(x(tw), w.y)
	w.cell(s)
	w.y += w.lineH()
}

func (w *writer) gap(h float64) { w.y += h }
