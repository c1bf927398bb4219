package theme

import (
	"testing"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"
)

func TestSizesAndColours(t *testing.T) {
	th, def := New(), fynetheme.DefaultTheme()
	if got, base := th.Size(fynetheme.SizeNameText), def.Size(fynetheme.SizeNameText); got <= base || got > 16 {
		t.Errorf("text size %v, want slightly above the default %v", got, base)
	}
	if th.Size(fynetheme.SizeNamePadding) != def.Size(fynetheme.SizeNamePadding) {
		t.Error("padding should stay the default")
	}
	if c := th.Color(fynetheme.ColorNamePrimary, fynetheme.VariantLight); c != primaryLight {
		t.Errorf("light primary %v, want %v", c, primaryLight)
	}
	if c := th.Color(fynetheme.ColorNamePrimary, fynetheme.VariantDark); c != primaryDark {
		t.Errorf("dark primary %v, want %v", c, primaryDark)
	}
	// The backgrounds stay Fyne's; text colours are the desk's own
	// (contrast_test.go).
	for _, n := range []fyne.ThemeColorName{fynetheme.ColorNameBackground, fynetheme.ColorNameForeground} {
		l, d := th.Color(n, fynetheme.VariantLight), th.Color(n, fynetheme.VariantDark)
		if n == fynetheme.ColorNameBackground && (l != def.Color(n, fynetheme.VariantLight) || d != def.Color(n, fynetheme.VariantDark)) {
			t.Errorf("%s: should keep Fyne's default colours", n)
		}
		if l == d {
			t.Errorf("%s: light and dark variants are the same", n)
		}
	}
}
