package documents

import (
	"github.com/skip2/go-qrcode"
)

// qrPNG encodes text as a QR code image with medium error correction,
// which survives a smudged or creased receipt.
func qrPNG(text string) ([]byte, error) {
	return qrcode.Encode(text, qrcode.Medium, 360)
}
