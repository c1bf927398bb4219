// Package theme provides the application's Fyne theme: the default Fyne look
// with a calm blue primary colour, slightly larger text and a bundled
// Simplified Chinese font, so that Chinese text (including rare name
// characters such as 喆 堃 玥 䶮 𠮷) renders on machines without any
// system CJK font.
package theme

import (
	"image/color"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"

	"yichuang/assets"
)

var (
	fontRegular = fyne.NewStaticResource("NotoSansCJKsc-Regular.otf", assets.FontRegular)
	fontBold    = fyne.NewStaticResource("NotoSansCJKsc-Bold.otf", assets.FontBold)
)

type deskTheme struct {
	base   fyne.Theme
	forced bool
	fixed  fyne.ThemeVariant
}

var _ fyne.Theme = (*deskTheme)(nil)

// New returns the application theme. It follows the user's light or dark
// preference.
func New() fyne.Theme {
	return &deskTheme{base: fynetheme.DefaultTheme()}
}

// NewWithVariant returns the application theme fixed to one variant,
// whatever the system prefers: halls run bright rooms and print on white,
// so the desk defaults to light.
func NewWithVariant(v fyne.ThemeVariant) fyne.Theme {
	return &deskTheme{base: fynetheme.DefaultTheme(), forced: true, fixed: v}
}

// Color returns the named colour for the variant; see colors.go.
func (t *deskTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.forced {
		v = t.fixed
	}
	if c, ok := deskColor(n, v); ok {
		return c
	}
	return t.base.Color(n, v)
}

// Font returns the bundled Noto Sans CJK SC face for all text styles except
// symbols. Monospace text uses it too: Fyne's monospace face has no CJK
// glyphs, and a case number or note in an entry may contain Chinese.
// The font has no italic; italic text is drawn upright.
func (t *deskTheme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Symbol:
		return t.base.Font(s)
	case s.Bold:
		return fontBold
	default:
		return fontRegular
	}
}

func (t *deskTheme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return t.base.Icon(n)
}

// Size enlarges the text sizes a little for readability at a service desk.
func (t *deskTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case fynetheme.SizeNameText:
		return 15
	case fynetheme.SizeNameCaptionText:
		return 12
	case fynetheme.SizeNameSubHeadingText:
		return 19
	case fynetheme.SizeNameHeadingText:
		return 26
	}
	return t.base.Size(n)
}
