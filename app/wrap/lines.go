// Package wrap breaks Chinese (and mixed) text into lines the way Chinese
// typesetting expects, and offers a label that wraps with it. Fyne's own
// wrapping breaks at spaces, and Chinese has none, so it falls back to
// breaking after any character: a line may then start with 。or ）, and
// PDF or 0551-1234567 may be split. Here lines break only at the line
// break opportunities of Unicode's line breaking algorithm (UAX #14, from
// go-text/typesetting's segmenter, which Fyne already uses for shaping):
// never before closing punctuation (。，、；：？！）」》』】〕… and their
// half-width forms), never after opening punctuation (（「《『【〔), never
// inside a Latin word or a number. See docs/adr/0011-chinese-line-breaking.md.
package wrap

import (
	"strings"
	"unicode"

	"github.com/go-text/typesetting/segmenter"
)

// Lines breaks text into lines no wider than width, measure giving the
// width of a piece of text. A line ends at the last break opportunity that
// fits; "\n" always ends one. Spaces at a break are dropped. Only a piece
// with no opportunity that is wider than a whole line (a long number, a
// path) is split, between characters, as a last resort.
func Lines(text string, width float32, measure func(string) float32) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, paragraph(para, width, measure)...)
	}
	return out
}

func paragraph(text string, width float32, measure func(string) float32) []string {
	if text == "" {
		return []string{""}
	}
	var seg segmenter.Segmenter
	seg.InitWithString(text)
	var lines []string
	var cur strings.Builder
	curWidth := float32(0) // width of cur without its trailing spaces
	pending := ""          // trailing spaces of cur, kept if the line goes on
	it := seg.LineIterator()
	for it.Next() {
		piece := string(it.Line().Text)
		body := strings.TrimRightFunc(piece, unicode.IsSpace)
		w := measure(body)
		if cur.Len() > 0 && curWidth+measure(pending)+w > width {
			lines = append(lines, cur.String())
			cur.Reset()
			curWidth, pending = 0, ""
		}
		if cur.Len() == 0 && w > width {
			// No opportunity inside: split between characters.
			var rest string
			lines, rest = splitLong(lines, body, width, measure)
			cur.WriteString(rest)
			curWidth = measure(rest)
		} else {
			cur.WriteString(pending)
			cur.WriteString(body)
			curWidth += measure(pending) + w
		}
		pending = piece[len(body):]
	}
	return append(lines, cur.String())
}

// splitLong cuts a piece wider than a line into lines that fit, returning
// the last, shorter part to go on with. It cuts where the rules allow if
// it can (cutAt), else after as many characters as fit.
func splitLong(lines []string, s string, width float32, measure func(string) float32) ([]string, string) {
	runes := []rune(s)
	for len(runes) > 0 {
		n := 1
		for n < len(runes) && measure(string(runes[:n+1])) <= width {
			n++
		}
		if n == len(runes) {
			return lines, string(runes)
		}
		n = cutAt(runes, n)
		lines = append(lines, string(runes[:n]))
		runes = runes[n:]
	}
	return lines, ""
}

// cutAt is the last cut at or before fit that splits no word or number and
// breaks no punctuation rule; failing that, the last that breaks no
// punctuation rule; failing that, fit.
func cutAt(r []rune, fit int) int {
	punctOK := func(n int) bool { return !noStart(r[n]) && !noEnd(r[n-1]) }
	for n := fit; n > 0; n-- {
		if punctOK(n) && !(wordy(r[n-1]) && wordy(r[n])) {
			return n
		}
	}
	for n := fit; n > 0; n-- {
		if punctOK(n) {
			return n
		}
	}
	return fit
}

// noStart are the characters a line must not start with, noEnd those it
// must not end with (the segmenter knows them too; a forced cut needs
// them again).
func noStart(r rune) bool { return strings.ContainsRune(closingPunct, r) }
func noEnd(r rune) bool   { return strings.ContainsRune(openingPunct, r) }

const (
	closingPunct = "。，、；：？！）」》』】〕〉”’…—‥・ー々.,;:?!)]}%"
	openingPunct = "（「《『【〔〈“‘([{"
)

// wordy are the characters of Latin words, numbers, dates, codes and
// paths.
func wordy(r rune) bool {
	return r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-./:_@%+#&", r))
}
