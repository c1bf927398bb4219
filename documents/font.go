package documents

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/sfnt"

	"yichuang/assets"
)

// missingMark stands in for a character no face can draw.
const missingMark = '□'

// A face is one TrueType font of the documents: WenQuanYi for everything it
// has, then HanaMinA and HanaMinB for the rare name characters of CJK
// Extension A and B (docs/adr/0019). A fallback face is inflated and parsed
// only when the first document needs it.
type face struct {
	name   string
	lo, hi rune // the block it is for; 0, 0: any character
	data   func() ([]byte, error)

	once      sync.Once
	err       error
	container gopdf.FontContainer
	sfnt      *sfnt.Font
	ascent    float64    // OS/2 sTypoAscender per unit of size: gopdf puts a cell's baseline there
	mu        sync.Mutex // sfnt.Buffer is not safe for concurrent use
	buf       sfnt.Buffer
}

// maxFaceBytes bounds a fallback face inflated from the binary.
const maxFaceBytes = 64 << 20

func inflated(gz []byte) func() ([]byte, error) {
	return func() ([]byte, error) {
		r, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(io.LimitReader(r, maxFaceBytes+1))
		if err != nil {
			return nil, err
		}
		if len(b) > maxFaceBytes {
			return nil, fmt.Errorf("字体超过 %d 字节", maxFaceBytes)
		}
		return b, nil
	}
}

var faces = []*face{
	{name: "wqy", data: func() ([]byte, error) { return assets.FontPDF, nil }},
	{name: "hanaminA", lo: 0x3400, hi: 0x4DBF, data: inflated(assets.FontPDFExtA)},
	{name: "hanaminB", lo: 0x20000, hi: 0x2A6DF, data: inflated(assets.FontPDFExtB)},
}

// mainFace draws every character it has.
var mainFace = faces[0]

func (f *face) load() error {
	f.once.Do(func() {
		var b []byte
		if b, f.err = f.data(); f.err != nil {
			return
		}
		if f.err = f.container.AddTTFFontData(f.name, b); f.err != nil {
			return
		}
		if f.sfnt, f.err = sfnt.Parse(b); f.err != nil {
			return
		}
		f.ascent, f.err = typoAscent(b)
	})
	if f.err != nil {
		return fmt.Errorf("pdf font %s: %w", f.name, f.err)
	}
	return nil
}

// has reports whether the face draws r.
func (f *face) has(r rune) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, err := f.sfnt.GlyphIndex(&f.buf, r)
	return err == nil && g != 0
}

// loadFont parses the main face once; every document shares it.
func loadFont() error { return mainFace.load() }

// faceFor is the face that draws r, nil when none does.
func faceFor(r rune) *face {
	if r == '\n' || r == ' ' || mainFace.has(r) {
		return mainFace
	}
	for _, f := range faces[1:] {
		if r >= f.lo && r <= f.hi && f.load() == nil && f.has(r) {
			return f
		}
	}
	return nil
}

// typoAscent reads OS/2 sTypoAscender over head's unitsPerEm from a TrueType
// file, what gopdf places a cell's baseline by.
func typoAscent(b []byte) (float64, error) {
	table := func(tag string) []byte {
		if len(b) < 12 {
			return nil
		}
		n := int(binary.BigEndian.Uint16(b[4:]))
		for i := 0; i < n && 12+16*i+16 <= len(b); i++ {
			rec := b[12+16*i:]
			if string(rec[:4]) != tag {
				continue
			}
			off, size := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
			if off < 0 || size < 0 || off+size > len(b) {
				return nil
			}
			return b[off : off+size]
		}
		return nil
	}
	head, os2 := table("head"), table("OS/2")
	if len(head) < 20 || len(os2) < 70 {
		return 0, fmt.Errorf("no head or OS/2 table")
	}
	upem := float64(binary.BigEndian.Uint16(head[18:]))
	if upem == 0 {
		return 0, fmt.Errorf("unitsPerEm 0")
	}
	return float64(int16(binary.BigEndian.Uint16(os2[68:]))) / upem, nil
}

// printable replaces what no face can draw, and what no document should
// print (control characters), and reports the replaced characters.
func (w *writer) printable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			return -1
		case faceFor(r) == nil:
			w.missing[r] = true
			return missingMark
		}
		return r
	}, s)
}

// run is a stretch of text one face draws.
type run struct {
	f    *face
	text string
}

// runs cuts printable text where the face changes.
func runs(s string) []run {
	var out []run
	var cur *face
	var b strings.Builder
	for _, r := range s {
		f := faceFor(r)
		if f == nil {
			f = mainFace
		}
		if f != cur && b.Len() > 0 {
			out = append(out, run{cur, b.String()})
			b.Reset()
		}
		cur = f
		b.WriteRune(r)
	}
	if b.Len() > 0 {
		out = append(out, run{cur, b.String()})
	}
	return out
}

// use makes f the current font at the current size, adding it to this
// document the first time.
func (w *writer) use(f *face) {
	if !w.added[f] {
		if err := w.pdf.AddTTFFontFromFontContainer(f.name, &f.container); err != nil {
			return
		}
		w.added[f] = true
	}
	_ = w.pdf.SetFont(f.name, "", w.size)
}

// cell draws printable text at the current position, each run in its face,
// every run on the main face's baseline.
func (w *writer) cell(s string) {
	rs := runs(s)
	if len(rs) == 1 && rs[0].f == mainFace {
		_ = w.pdf.Cell(nil, s)
		return
	}
	y := w.pdf.GetY()
	for _, r := range rs {
		w.use(r.f)
		w.pdf.SetY(y + (mainFace.ascent-r.f.ascent)*w.size)
		_ = w.pdf.Cell(nil, r.text)
	}
	w.pdf.SetY(y)
	w.use(mainFace)
}

// width measures printable text at the current size, each run in its face.
func (w *writer) width(s string) float64 {
	rs := runs(s)
	if len(rs) == 1 && rs[0].f == mainFace {
		tw, _ := w.pdf.MeasureTextWidth(s)
		return tw
	}
	total := 0.0
	for _, r := range rs {
		w.use(r.f)
		tw, _ := w.pdf.MeasureTextWidth(r.text)
		total += tw
	}
	w.use(mainFace)
	return total
}
