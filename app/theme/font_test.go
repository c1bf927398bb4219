package theme

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"
	"golang.org/x/image/font/sfnt"

	"yichuang/assets"
)

// nameRunes are characters that must render: rare given-name characters
// (including one outside the BMP), common Chinese and Latin.
const nameRunes = "喆堃玥䶮𠮷一窗0123456789ABC"

func TestTextFontsAreBundled(t *testing.T) {
	th := New()
	cases := []struct {
		style fyne.TextStyle
		want  []byte
	}{
		{fyne.TextStyle{}, assets.FontRegular},
		{fyne.TextStyle{Italic: true}, assets.FontRegular},
		{fyne.TextStyle{Monospace: true}, assets.FontRegular},
		{fyne.TextStyle{Bold: true}, assets.FontBold},
		{fyne.TextStyle{Bold: true, Italic: true}, assets.FontBold},
	}
	defaults := [][]byte{
		fynetheme.DefaultTextFont().Content(),
		fynetheme.DefaultTextBoldFont().Content(),
		fynetheme.DefaultTextMonospaceFont().Content(),
	}
	for _, c := range cases {
		got := th.Font(c.style).Content()
		if len(got) < 1<<20 {
			t.Errorf("style %+v: font is %d bytes, want the bundled CJK face", c.style, len(got))
		}
		if !bytes.Equal(got, c.want) {
			t.Errorf("style %+v: not the bundled face", c.style)
		}
		for _, d := range defaults {
			if bytes.Equal(got, d) {
				t.Errorf("style %+v: returns a Fyne default font", c.style)
			}
		}
	}
	if bytes.Equal(assets.FontRegular, assets.FontBold) {
		t.Error("bold face is the same file as the regular face")
	}
	sym := fyne.TextStyle{Symbol: true}
	if !bytes.Equal(th.Font(sym).Content(), fynetheme.DefaultSymbolFont().Content()) {
		t.Error("symbol font should stay Fyne's default")
	}
}

func TestFacesCoverNameCharacters(t *testing.T) {
	for name, data := range map[string][]byte{"regular": assets.FontRegular, "bold": assets.FontBold} {
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatalf("%s: parse: %v", name, err)
		}
		var buf sfnt.Buffer
		for _, r := range nameRunes {
			gi, err := f.GlyphIndex(&buf, r)
			if err != nil || gi == 0 {
				t.Errorf("%s: no glyph for %q (U+%04X): index %d, err %v", name, r, r, gi, err)
			}
		}
		if fam, _ := f.Name(&buf, sfnt.NameIDFamily); fam != "Noto Sans CJK SC" {
			t.Errorf("%s: family %q, want the Simplified Chinese face", name, fam)
		}
	}
}

func TestFontPDFHasTrueTypeOutlines(t *testing.T) {
	data := assets.FontPDF
	if len(data) < 12 || !bytes.Equal(data[:4], []byte{0, 1, 0, 0}) {
		t.Fatal("FontPDF is not a single-face TrueType font")
	}
	f, err := sfnt.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	for _, r := range "喆堃玥一窗0123456789ABC" {
		if gi, _ := f.GlyphIndex(&buf, r); gi == 0 {
			t.Errorf("FontPDF: no glyph for %q", r)
		}
	}
}
