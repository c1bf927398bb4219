package theme

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"
)

// minContrast is WCAG 2's level AA for normal text.
const minContrast = 4.5

// surface is a background as the screen shows it: a colour, with the
// translucent overlays Fyne draws over it (hover, focus, selection,
// pressed) composited in order.
type surface struct {
	name   string
	base   fyne.ThemeColorName
	blends []fyne.ThemeColorName
}

func plain(n fyne.ThemeColorName) surface { return surface{name: string(n), base: n} }

func over(n fyne.ThemeColorName, blends ...fyne.ThemeColorName) surface {
	s := surface{name: string(n), base: n, blends: blends}
	for _, b := range blends {
		s.name += "+" + string(b)
	}
	return s
}

// buttonStates are a coloured button's backgrounds: plain, hovered,
// focused, pressed.
func buttonStates(n fyne.ThemeColorName) []surface {
	return []surface{plain(n), over(n, fynetheme.ColorNameHover), over(n, fynetheme.ColorNameFocus),
		over(n, fynetheme.ColorNamePressed)}
}

// textPairs are the text colours of the theme and every background Fyne's
// widgets draw each on.
func textPairs() map[fyne.ThemeColorName][]surface {
	n := func(s ...surface) []surface { return s }
	bg, btn, input := fynetheme.ColorNameBackground, fynetheme.ColorNameButton, fynetheme.ColorNameInputBackground
	surfaces := n(plain(bg), plain(btn), plain(input), plain(fynetheme.ColorNameMenuBackground),
		plain(fynetheme.ColorNameOverlayBackground), plain(fynetheme.ColorNameHeaderBackground),
		over(btn, fynetheme.ColorNameHover), over(btn, fynetheme.ColorNameFocus), over(btn, fynetheme.ColorNamePressed),
		over(bg, fynetheme.ColorNameHover), over(bg, fynetheme.ColorNameFocus), over(bg, fynetheme.ColorNameSelection),
		over(input, fynetheme.ColorNameSelection), over(bg, fynetheme.ColorNameSelection, fynetheme.ColorNameHover))
	messages := n(plain(bg), plain(input), plain(fynetheme.ColorNameOverlayBackground),
		plain(fynetheme.ColorNameMenuBackground), plain(fynetheme.ColorNameHeaderBackground), over(bg, fynetheme.ColorNameHover))
	return map[fyne.ThemeColorName][]surface{
		fynetheme.ColorNameForeground: surfaces,
		// Disabled is also the colour of low-importance labels: hints.
		fynetheme.ColorNameDisabled: append(messages, plain(btn), plain(fynetheme.ColorNameDisabledButton)),
		// A select shows its placeholder on the focus or hover tint.
		fynetheme.ColorNamePlaceHolder: n(plain(input), over(bg, fynetheme.ColorNameFocus), over(bg, fynetheme.ColorNameHover),
			over(input, fynetheme.ColorNameHover)),
		fynetheme.ColorNamePrimary:             messages,
		fynetheme.ColorNameHyperlink:           messages,
		fynetheme.ColorNameError:               messages,
		fynetheme.ColorNameWarning:             messages,
		fynetheme.ColorNameSuccess:             messages,
		fynetheme.ColorNameForegroundOnPrimary: buttonStates(fynetheme.ColorNamePrimary),
		fynetheme.ColorNameForegroundOnError:   buttonStates(fynetheme.ColorNameError),
		fynetheme.ColorNameForegroundOnWarning: buttonStates(fynetheme.ColorNameWarning),
		fynetheme.ColorNameForegroundOnSuccess: buttonStates(fynetheme.ColorNameSuccess),
	}
}

// TestTextContrast computes the WCAG contrast ratio of every text colour
// on every background it appears on, in both variants, the supervision
// lights (success, warning, error, under their ForegroundOn* text)
// included.
func TestTextContrast(t *testing.T) {
	th := New()
	for _, v := range []fyne.ThemeVariant{fynetheme.VariantLight, fynetheme.VariantDark} {
		for text, surfaces := range textPairs() {
			for _, s := range surfaces {
				fg := toNRGBA(th.Color(text, v))
				bg := composite(th, s, v)
				if r := Contrast(fg, bg); r < minContrast {
					t.Errorf("variant %d: %s %v on %s %v: %.2f:1, want at least %.1f:1", v, text, fg, s.name, bg, r, minContrast)
				}
			}
		}
	}
}

func composite(th fyne.Theme, s surface, v fyne.ThemeVariant) color.NRGBA {
	c := toNRGBA(th.Color(s.base, v))
	for _, b := range s.blends {
		c = Blend(c, toNRGBA(th.Color(b, v)))
	}
	return c
}

func toNRGBA(c color.Color) color.NRGBA { return color.NRGBAModel.Convert(c).(color.NRGBA) }

// TestContrastFormula checks the ratio against known WCAG values.
func TestContrastFormula(t *testing.T) {
	for _, tc := range []struct {
		a, b color.NRGBA
		want float64
	}{
		{rgb(0x000000), rgb(0xffffff), 21},
		{rgb(0xffffff), rgb(0xffffff), 1},
		{rgb(0x767676), rgb(0xffffff), 4.54},
		{rgb(0xffffff), rgb(0x43f436), 1.48}, // Fyne's success button: white on bright green
		{rgb(0xffffff), rgb(0xff9800), 2.16}, // and on its orange
	} {
		if got := Contrast(tc.a, tc.b); got < tc.want-0.01 || got > tc.want+0.01 {
			t.Errorf("Contrast(%v, %v) = %.3f, want %.2f", tc.a, tc.b, got, tc.want)
		}
	}
	if got := Blend(rgb(0xffffff), color.NRGBA{A: 0x80}); got.R != 0x7f || got.A != 0xff {
		t.Errorf("half black over white = %v", got)
	}
}
