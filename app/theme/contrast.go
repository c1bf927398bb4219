package theme

import (
	"image/color"
	"math"
)

// Contrast is the WCAG 2 contrast ratio of two opaque colours, from 1 to
// 21: (L1 + 0.05) / (L2 + 0.05) of their relative luminances.
func Contrast(a, b color.NRGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c color.NRGBA) float64 {
	ch := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.R) + 0.7152*ch(c.G) + 0.0722*ch(c.B)
}

// Blend draws the translucent colour top over the opaque bottom.
func Blend(bottom, top color.NRGBA) color.NRGBA {
	a := float64(top.A) / 255
	mix := func(b, t uint8) uint8 { return uint8(float64(t)*a + float64(b)*(1-a)) }
	return color.NRGBA{R: mix(bottom.R, top.R), G: mix(bottom.G, top.G), B: mix(bottom.B, top.B), A: 0xff}
}
