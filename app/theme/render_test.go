package theme

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

const names = "张喆 王堃 李玥 一窗受理"

func TestLabelRendersChinese(t *testing.T) {
	img := capture(t, New(), widget.NewLabel(names))
	if ink := inkPixels(img); ink < 250 {
		t.Errorf("label %q has %d ink pixels, want at least 250", names, ink)
	}
	if sameImage(img, capture(t, fynetheme.DefaultTheme(), widget.NewLabel(names))) {
		t.Error("renders the same image as Fyne's default theme")
	}
	if sameImage(img, capture(t, defaultFonts{New()}, widget.NewLabel(names))) {
		t.Error("the bundled font renders the same image as Fyne's default fonts")
	}
}

// TestGlyphsAreNotTofu renders each character alone: missing glyphs all draw
// as the same box, real glyphs all differ from it and from each other.
func TestGlyphsAreNotTofu(t *testing.T) {
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Monospace: true}} {
		text := func(s string) fyne.CanvasObject {
			c := canvas.NewText(s, color.Black)
			c.TextStyle = style
			return c
		}
		tofu := capture(t, New(), text("\u0378"))
		if inkPixels(tofu) == 0 {
			t.Fatalf("style %+v: the missing-glyph box drew nothing", style)
		}
		var seen []image.Image
		for _, r := range "喆堃玥䶮𠮷" {
			img := capture(t, New(), text(string(r)))
			if inkPixels(img) < 20 {
				t.Errorf("style %+v: %q drew almost nothing", style, r)
			}
			if sameImage(img, tofu) {
				t.Errorf("style %+v: %q renders as the missing-glyph box", style, r)
			}
			for _, prev := range seen {
				if sameImage(img, prev) {
					t.Errorf("style %+v: %q looks like another character", style, r)
				}
			}
			seen = append(seen, img)
		}
	}
}
