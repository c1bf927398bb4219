package theme

import (
	"image/color"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"
)

var (
	// primaryLight is the calm blue used on light backgrounds
	// (contrast with white text 6.3:1).
	primaryLight = color.NRGBA{R: 0x1f, G: 0x5f, B: 0xae, A: 0xff}
	// primaryDark is a lighter blue for dark backgrounds
	// (contrast with white text and with the dark background both above 4:1).
	primaryDark = color.NRGBA{R: 0x3a, G: 0x78, B: 0xc9, A: 0xff}
	// linkDark keeps hyperlinks readable on the dark background (7.2:1).
	linkDark  = color.NRGBA{R: 0x6e, G: 0xa8, B: 0xec, A: 0xff}
	onPrimary = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

// deskColor returns the colours this theme changes; everything else comes
// from Fyne's default palette.
func deskColor(n fyne.ThemeColorName, v fyne.ThemeVariant) (color.Color, bool) {
	primary, link := primaryLight, primaryLight
	if v != fynetheme.VariantLight {
		primary, link = primaryDark, linkDark
	}
	switch n {
	case fynetheme.ColorNamePrimary:
		return primary, true
	case fynetheme.ColorNameHyperlink:
		return link, true
	case fynetheme.ColorNameForegroundOnPrimary:
		return onPrimary, true
	case fynetheme.ColorNameFocus:
		return withAlpha(primary, 0x2a), true
	case fynetheme.ColorNameSelection:
		return withAlpha(primary, 0x40), true
	}
	return nil, false
}

func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}
