package documents

import (
	"fmt"
	"strings"
	"sync"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/sfnt"

	"yichuang/assets"
)

const family = "wqy"

// missingMark stands in for a character the font cannot draw.
const missingMark = '□'

var font struct {
	once      sync.Once
	err       error
	container gopdf.FontContainer
	sfnt      *sfnt.Font
	mu        sync.Mutex // sfnt.Buffer is not safe for concurrent use
	buf       sfnt.Buffer
}

// loadFont parses the bundled font once; every document shares it.
func loadFont() error {
	font.once.Do(func() {
		if font.err = font.container.AddTTFFontData(family, assets.FontPDF); font.err != nil {
			return
		}
		font.sfnt, font.err = sfnt.Parse(assets.FontPDF)
	})
	if font.err != nil {
		return fmt.Errorf("pdf font: %w", font.err)
	}
	return nil
}

// hasGlyph reports whether the font draws r.
func hasGlyph(r rune) bool {
	if r == '\n' || r == ' ' {
		return true
	}
	font.mu.Lock()
	defer font.mu.Unlock()
	g, err := font.sfnt.GlyphIndex(&font.buf, r)
	return err == nil && g != 0
}

// printable replaces what the font cannot draw, and what no document
// should print (control characters), and reports the replaced characters.
func (w *writer) printable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			return -1
		case !hasGlyph(r):
			w.missing[r] = true
			return missingMark
		}
		return r
	}, s)
}
