// Command icon draws the app icon (assets/icons/icon.png): the character 窗
// in white on the hall's blue, in the bundled font. Run: go run ./build/icon
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"yichuang/assets"
)

func main() {
	const size = 512
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	blue := color.RGBA{0x1f, 0x5f, 0xae, 0xff}
	r := 96 // corner radius
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			if inRounded(x, y, size, r) {
				img.Set(x, y, blue)
			}
		}
	}
	f, err := opentype.Parse(assets.FontBold)
	if err != nil {
		log.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 340, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		log.Fatal(err)
	}
	d := &font.Drawer{Dst: img, Src: image.NewUniform(color.White), Face: face}
	w := d.MeasureString("窗")
	d.Dot = fixed.Point26_6{X: (fixed.I(size) - w) / 2, Y: fixed.I(size/2 + 120)}
	d.DrawString("窗")
	out, err := os.Create("assets/icons/icon.png")
	if err != nil {
		log.Fatal(err)
	}
	defer out.Close()
	if err := png.Encode(out, img); err != nil {
		log.Fatal(err)
	}
}

func inRounded(x, y, size, r int) bool {
	cx, cy := x, y
	if x < r {
		cx = r
	} else if x >= size-r {
		cx = size - r - 1
	}
	if y < r {
		cy = r
	} else if y >= size-r {
		cy = size - r - 1
	}
	dx, dy := x-cx, y-cy
	return dx*dx+dy*dy <= r*r
}
