package search

import (
	"strings"
	"unicode/utf8"
)

// fold makes text and queries comparable: full-width letters, digits and
// punctuation become their ASCII forms (a clerk's IME may type either),
// the ideographic space a space, Latin letters lower case.
func fold(s string) string {
	if !needsFold(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// needsFold reports whether fold would change s: an upper-case letter,
// a full-width form (U+FF01–FF5E is EF BC xx or EF BD xx in UTF-8) or the
// ideographic space. Most names have none and are not copied.
func needsFold(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z':
			return true
		case c == 0xEF && i+1 < len(s) && (s[i+1] == 0xBC || s[i+1] == 0xBD):
			return true
		case c == 0xE3 && strings.HasPrefix(s[i:], "\u3000"):
			return true
		}
	}
	return false
}

// term is one whitespace-separated word of a query, in the forms the
// fields are kept in.
type term struct {
	text  string // folded, for names and other text
	upper string // for codes
	latin bool   // letters only: may be pinyin
	ascii bool   // may be a code
}

func parseTerms(q string) []term {
	var out []term
	for _, w := range strings.Fields(fold(q)) {
		if !utf8.ValidString(w) {
			w = strings.ToValidUTF8(w, "")
		}
		if w == "" {
			continue
		}
		t := term{text: w, upper: strings.ToUpper(w), latin: true, ascii: isASCII(w)}
		for i := 0; i < len(w); i++ {
			if w[i] < 'a' || w[i] > 'z' {
				t.latin = false
				break
			}
		}
		out = append(out, t)
	}
	return out
}
