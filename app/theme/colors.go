package theme

import (
	"image/color"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"
)

// The desk's palette. Every text colour meets a contrast ratio of 4.5:1
// (WCAG 2, level AA) against every background it is drawn on, in both
// variants: contrast_test.go computes each pair. Fyne's own palette does
// not (white on its bright green is 1.4:1, its placeholder and hint grey
// 3.2:1), and clerks read these screens all day.
//
// Success, Warning and Error are also the supervision lights (绿灯, 黄灯,
// 红灯): the counters draw them as button backgrounds under
// ForegroundOn* text, the chart as its bars, messages as text.

func rgb(v uint32) color.NRGBA {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

var (
	white = rgb(0xffffff)

	// primaryLight is the calm blue used on light backgrounds (6.3:1 with
	// white text).
	primaryLight = rgb(0x1f5fae)
	// primaryDark is the blue of the dark variant: light enough to read as
	// text on the dark background, so its buttons carry dark text.
	primaryDark = rgb(0x6ea8ec)
	// linkDark keeps hyperlinks readable on the dark background (7.2:1).
	linkDark = rgb(0x8cbcf2)
)

// palette is one variant's colours that differ from Fyne's.
type palette struct {
	foreground, disabled, placeholder color.NRGBA
	success, warning, errorC          color.NRGBA
	onSuccess, onWarning, onError     color.NRGBA
	onPrimary                         color.NRGBA
}

var (
	light = palette{
		foreground:  rgb(0x2b2b2b), // 14:1 on white (Fyne's #565656 is 7.3:1, too close to the disabled grey below)
		disabled:    rgb(0x6b6b6b), // disabled text and hints: 4.8:1 on the input background
		placeholder: rgb(0x5e5e5e), // also on a focused select's tinted background
		success:     rgb(0x1b7a3a), // green light: 5.4:1 with white
		warning:     rgb(0x9a5b00), // amber light: 5.4:1 with white
		errorC:      rgb(0xc62828), // red light: 5.6:1 with white
		onSuccess:   white, onWarning: white, onError: white, onPrimary: white,
	}
	dark = palette{
		foreground:  rgb(0xf3f3f3),
		disabled:    rgb(0x9a9a9a),
		placeholder: rgb(0xa8a8a8),
		success:     rgb(0x4cc26a),
		warning:     rgb(0xf0a020),
		errorC:      rgb(0xf26b5e),
		onSuccess:   rgb(0x171718), onWarning: rgb(0x171718), onError: rgb(0x171718), onPrimary: rgb(0x171718),
	}
)

// deskColor returns the colours this theme changes; everything else comes
// from Fyne's default palette.
func deskColor(n fyne.ThemeColorName, v fyne.ThemeVariant) (color.Color, bool) {
	p, primary, link := light, primaryLight, primaryLight
	if v != fynetheme.VariantLight {
		p, primary, link = dark, primaryDark, linkDark
	}
	switch n {
	case fynetheme.ColorNamePrimary:
		return primary, true
	case fynetheme.ColorNameHyperlink:
		return link, true
	case fynetheme.ColorNameForegroundOnPrimary:
		return p.onPrimary, true
	case fynetheme.ColorNamePressed:
		// A press darkens in both variants: Fyne's dark variant lightens
		// with translucent white, washing out the text of the button.
		return color.NRGBA{A: 0x19}, true
	case fynetheme.ColorNameFocus:
		return withAlpha(primary, 0x2a), true
	case fynetheme.ColorNameSelection:
		return withAlpha(primary, 0x40), true
	case fynetheme.ColorNameForeground:
		return p.foreground, true
	case fynetheme.ColorNameDisabled:
		return p.disabled, true
	case fynetheme.ColorNamePlaceHolder:
		return p.placeholder, true
	case fynetheme.ColorNameSuccess:
		return p.success, true
	case fynetheme.ColorNameWarning:
		return p.warning, true
	case fynetheme.ColorNameError:
		return p.errorC, true
	case fynetheme.ColorNameForegroundOnSuccess:
		return p.onSuccess, true
	case fynetheme.ColorNameForegroundOnWarning:
		return p.onWarning, true
	case fynetheme.ColorNameForegroundOnError:
		return p.onError, true
	}
	return nil, false
}

func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}
