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
	streamRE  = regexp.MustCompile(`(?s)<<(.{0,400}?)>>\s*stream\r?\n`)
	lengthRE  = regexp.MustCompile(`/Length (\d+)`)
	rangeRE   = regexp.MustCompile(`<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4,8})>`)
	textRE    = regexp.MustCompile(`(?s)BT(.*?)ET`)
	opRE      = regexp.MustCompile(`/(F\d+) [0-9.]+ Tf|<([0-9A-Fa-f]*)>`)
	tdRE      = regexp.MustCompile(`^\s*[0-9.-]+ ([0-9.-]+) TD`)
	objRE     = regexp.MustCompile(`(\d+) 0 obj\b`)
	fontResRE = regexp.MustCompile(`/(F\d+) (\d+) 0 R`)
	toUniRE   = regexp.MustCompile(`/ToUnicode (\d+) 0 R`)
)

// Text returns the text of every text object of the PDF, one per line, in
// the order they were drawn. Glyph codes are read through the ToUnicode map
// of the font each object selects (a document may embed several faces,
// whose glyph numbers overlap); text objects drawn one after another on the
// same baseline (one line set in several faces) make one line.
func Text(pdf []byte) (string, error) {
	streams, err := decodeStreams(pdf)
	if err != nil {
		return "", err
	}
	maps := map[int]map[string]rune{} // by the object number of the map
	merged := map[string]rune{}
	for _, s := range streams {
		if !bytes.Contains(s.data, []byte("begincmap")) {
			continue
		}
		m := map[string]rune{}
		for _, r := range rangeRE.FindAllSubmatch(s.data, -1) {
			cp, _ := strconv.ParseInt(string(r[3]), 16, 32)
			m[strings.ToUpper(string(r[1]))] = rune(cp)
			merged[strings.ToUpper(string(r[1]))] = rune(cp)
		}
		maps[s.obj] = m
	}
	if len(merged) == 0 {
		return "", errors.New("pdftext: no ToUnicode map")
	}
	byFont := fontMaps(pdf, maps)
	var lines []string
	glyphs := merged
	lastY, lastEnd := "", -1
	for _, s := range streams {
		if bytes.Contains(s.data, []byte("begincmap")) {
			continue
		}
		for _, bt := range textRE.FindAllSubmatchIndex(s.data, -1) {
			body := s.data[bt[2]:bt[3]]
			var b strings.Builder
			for _, op := range opRE.FindAllSubmatch(body, -1) {
				if op[1] != nil {
					if m, ok := byFont[string(op[1])]; ok {
						glyphs = m
					}
					continue
				}
				hex := strings.ToUpper(string(op[2]))
				for i := 0; i+4 <= len(hex); i += 4 {
					if r, ok := glyphs[hex[i:i+4]]; ok {
						b.WriteRune(r)
					}
				}
			}
			y := ""
			if m := tdRE.FindSubmatch(body); m != nil {
				y = string(m[1])
			}
			if y != "" && y == lastY && lastEnd >= 0 && len(bytes.TrimSpace(s.data[lastEnd:bt[0]])) == 0 && len(lines) > 0 {
				lines[len(lines)-1] += b.String()
			} else {
				lines = append(lines, b.String())
			}
			lastY, lastEnd = y, bt[1]
		}
		lastEnd = -1
	}
	return strings.Join(lines, "\n"), nil
}

// fontMaps names each font resource's ToUnicode map: /Fn → font object →
// its /ToUnicode object.
func fontMaps(pdf []byte, maps map[int]map[string]rune) map[string]map[string]rune {
	toUni := map[int]int{} // font object → map object
	objs := objRE.FindAllSubmatchIndex(pdf, -1)
	for i, o := range objs {
		end := len(pdf)
		if i+1 < len(objs) {
			end = objs[i+1][0]
		}
		if m := toUniRE.FindSubmatch(pdf[o[1]:end]); m != nil {
			n, _ := strconv.Atoi(string(pdf[o[2]:o[3]]))
			to, _ := strconv.Atoi(string(m[1]))
			toUni[n] = to
		}
	}
	out := map[string]map[string]rune{}
	for _, m := range fontResRE.FindAllSubmatch(pdf, -1) {
		n, _ := strconv.Atoi(string(m[2]))
		if cm, ok := maps[toUni[n]]; ok {
			out[string(m[1])] = cm
		}
	}
	return out
}

type stream struct {
	obj  int // the number of the object it belongs to
	data []byte
}

// decodeStreams returns the content of every stream, inflated when it is
// Flate-compressed.
func decodeStreams(pdf []byte) ([]stream, error) {
	var out []stream
	objs := objRE.FindAllSubmatchIndex(pdf, -1)
	for _, loc := range streamRE.FindAllSubmatchIndex(pdf, -1) {
		obj := 0
		for _, o := range objs {
			if o[0] > loc[1] {
				break
			}
			obj, _ = strconv.Atoi(string(pdf[o[2]:o[3]]))
		}
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
		out = append(out, stream{obj, data})
	}
	return out, nil
}
