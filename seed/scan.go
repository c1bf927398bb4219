package seed

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
)

// scan makes a JPEG of about kb kilobytes that looks like a scanned page
// to the file-type check and, like a real scan, does not compress further:
// a paper-coloured page with text-like strokes over sensor noise.
func scan(r *rand.Rand, kb int) []byte {
	// This page costs ~0.45 bytes a pixel at quality 90: size it to fit.
	px := float64(kb*1024) / 0.45
	w := int(math.Sqrt(px * 0.707))
	h := int(px) / max(1, w)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		ink := y%28 < 3 && r.IntN(4) > 0
		for x := 0; x < w; x++ {
			v := 225 + r.IntN(30)
			if ink && r.IntN(3) == 0 {
				v = 30 + r.IntN(60)
			}
			img.Set(x, y, color.RGBA{uint8(v), uint8(v - 3), uint8(v - 12), 255})
		}
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	return buf.Bytes()
}
