package assets

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"
)

// BenchmarkInflateFonts measures what embedding the fonts compressed would
// cost each start (docs/adr/0015): the bytes saved in the binary (the
// gz-bytes metric against the font's size) and the time to inflate the
// font back before Fyne or the PDF writer could use it. Embedded as they
// are, the fonts cost nothing at start: the binary's pages are read only
// as glyphs are drawn.
func BenchmarkInflateFonts(b *testing.B) {
	for _, f := range []struct {
		name string
		data []byte
	}{{"Regular", FontRegular}, {"Bold", FontBold}, {"PDF", FontPDF}} {
		var gz bytes.Buffer
		w, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := w.Write(f.data); err != nil {
			b.Fatal(err)
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(int64(len(f.data)))
			for b.Loop() {
				r, err := gzip.NewReader(bytes.NewReader(gz.Bytes()))
				if err != nil {
					b.Fatal(err)
				}
				n, err := io.Copy(io.Discard, r)
				if err != nil || n != int64(len(f.data)) {
					b.Fatalf("inflated %d of %d bytes: %v", n, len(f.data), err)
				}
			}
			b.ReportMetric(float64(len(f.data)), "font-bytes")
			b.ReportMetric(float64(gz.Len()), "gz-bytes")
		})
	}
}
