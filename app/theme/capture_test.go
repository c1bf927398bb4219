package theme

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"
)

// lightOnly pins a theme to its light variant so that ink is dark on white.
type lightOnly struct{ fyne.Theme }

func (l lightOnly) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return l.Theme.Color(n, fynetheme.VariantLight)
}

// defaultFonts is the application theme with Fyne's own fonts, to isolate
// the effect of the bundled font from the other theme changes.
type defaultFonts struct{ fyne.Theme }

func (defaultFonts) Font(s fyne.TextStyle) fyne.Resource {
	return fynetheme.DefaultTheme().Font(s)
}

func capture(t *testing.T, th fyne.Theme, o fyne.CanvasObject) image.Image {
	t.Helper()
	test.NewTempApp(t).Settings().SetTheme(lightOnly{th})
	w := test.NewWindow(o)
	defer w.Close()
	w.Resize(fyne.NewSize(320, 60))
	return w.Canvas().Capture()
}

func inkPixels(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if c := color.GrayModel.Convert(img.At(x, y)).(color.Gray); c.Y < 128 {
				n++
			}
		}
	}
	return n
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.NRGBAModel.Convert(a.At(x, y)) != color.NRGBAModel.Convert(b.At(x, y)) {
				return false
			}
		}
	}
	return true
}
