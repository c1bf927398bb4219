// Package pdftext reads back the text of the PDFs this project writes
// (gopdf: one embedded TrueType subset, Identity-H glyph codes with a
// ToUnicode map). Tests use it to check what a document says, and it lets
// a document be checked without an outside tool. It is not a general PDF
// reader.
package pdftext

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
)

var (
	streamRE = regexp.MustCompile(`(?s)<<(.{0,400}?)>>\s*stream\r?\n`)
	lengthRE = regexp.MustCompile(`/Length (\d+)`)
	rangeRE  = regexp.MustCompile(`<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4,8})>`)
	textRE   = regexp.MustCompile(`(?s)BT(.*?)ET`)
	hexRE    = regexp.MustCompile(`<([0-9A-Fa-f]*)>`)
)

// Text returns the text of every text object of the PDF, one per line, in
// the order they were drawn.
func Text(pdf []byte) (string, error) {
	streams, err := decodeStreams(pdf)
	if err != nil {
		return "", err
	}
	glyphs := map[string]rune{}
	for _, s := range streams {
		if !bytes.Contains(s, []byte("begincmap")) {
			continue
		}
		for _, m := range rangeRE.FindAllSubmatch(s, -1) {
			r, _ := strconv.ParseInt(string(m[3]), 16, 32)
			glyphs[strings.ToUpper(string(m[1]))] = rune(r)
		}
	}
	if len(glyphs) == 0 {
		return "", errors.New("pdftext: no ToUnicode map")
	}
	var lines []string
	for _, s := range streams {
		if bytes.Contains(s, []byte("begincmap")) {
			continue
		}
		for _, bt := range textRE.FindAllSubmatch(s, -1) {
			var b strings.Builder
			for _, h := range hexRE.FindAllSubmatch(bt[1], -1) {
				hex := strings.ToUpper(string(h[1]))
				for i := 0; i+4 <= len(hex); i += 4 {
					if r, ok := glyphs[hex[i:i+4]]; ok {
						b.WriteRune(r)
					}
				}
			}
			lines = append(lines, b.String())
		}
	}
	return strings.Join(lines, "\n"), nil
}

// decodeStreams returns the content of every stream, inflated when it is
// Flate-compressed.
func decodeStreams(pdf []byte) ([][]byte, error) {
	var out [][]byte
	for _, loc := range streamRE.FindAllSubmatchIndex(pdf, -1) {
		dict := pdf[loc[2]:loc[3]]
		m := lengthRE.FindSubmatch(dict)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(string(m[1]))
		start := loc[1]
		if start+n > len(pdf) {
			return nil, errors.New("pdftext: stream runs past the end of the file")
		}
		data := pdf[start : start+n]
		if bytes.Contains(dict, []byte("/FlateDecode")) {
			zr, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				continue // an image or font stream we cannot read is not text
			}
			data, err = io.ReadAll(zr)
			if err != nil {
				continue
			}
		}
		out = append(out, data)
	}
	return out, nil
}
