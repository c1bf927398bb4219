package pdftext

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
	"testing"
)

// onePage is a minimal PDF in gopdf's shape: a ToUnicode map and a
// compressed content stream drawing glyph codes.
func onePage(t *testing.T) []byte {
	t.Helper()
	cmap := "begincmap\n2 beginbfrange\n<0010><0010><53D7>\n<0011><0011><7406>\nendbfrange\nendcmap"
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	fmt.Fprint(zw, "BT\n/F1 12 Tf\n[<00100011>] TJ\nET\nBT\n[<0011>-12<0010>] TJ\nET\n")
	zw.Close()
	var b bytes.Buffer
	fmt.Fprintf(&b, "%%PDF-1.7\n1 0 obj\n<<\n/Length %d\n>>\nstream\n%s\nendstream\nendobj\n", len(cmap), cmap)
	fmt.Fprintf(&b, "2 0 obj\n<</Length %d\n/Filter /FlateDecode>>\nstream\n", z.Len())
	b.Write(z.Bytes())
	b.WriteString("\nendstream\nendobj\n%%EOF\n")
	return b.Bytes()
}

func TestTextReadsGlyphsBackThroughTheMap(t *testing.T) {
	got, err := Text(onePage(t))
	if err != nil {
		t.Fatal(err)
	}
	if got != "受理\n理受" {
		t.Errorf("Text = %q, want %q", got, "受理\n理受")
	}
}

func TestTextRefusesWhatItCannotRead(t *testing.T) {
	if _, err := Text([]byte("%PDF-1.7\nno streams here")); err == nil || !strings.Contains(err.Error(), "ToUnicode") {
		t.Errorf("a PDF with no map: %v", err)
	}
	broken := []byte("%PDF-1.7\n<</Length 999>>\nstream\nshort")
	if _, err := Text(broken); err == nil {
		t.Error("a stream running past the end was read")
	}
}

// Two faces with overlapping glyph codes: each text object is read through
// the map of the font it selects, and runs on one baseline make one line.
func TestTextReadsEachFontThroughItsOwnMap(t *testing.T) {
	cmapA := "begincmap\n1 beginbfrange\n<0010><0010><5218>\nendbfrange\nendcmap" // 刘
	cmapB := "begincmap\n1 beginbfrange\n<0010><0010><4DAE>\nendbfrange\nendcmap" // 䶮
	content := "BT\n56.00 700.00 TD\n/F1 12 Tf\n[<0010>] TJ\nET\nBT\n68.00 700.00 TD\n/F2 12 Tf\n[<0010>] TJ\nET\n" +
		"q\n1 0 0 1 0 0 cm\nQ\nBT\n56.00 700.00 TD\n/F1 12 Tf\n[<0010>] TJ\nET\n"
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n1 0 obj\n<< /Font << /F1 3 0 R /F2 5 0 R >> >>\nendobj\n")
	fmt.Fprintf(&b, "2 0 obj\n<<\n/Length %d\n>>\nstream\n%s\nendstream\nendobj\n", len(cmapA), cmapA)
	b.WriteString("3 0 obj\n<<\n/Type /Font\n/ToUnicode 2 0 R\n>>\nendobj\n")
	fmt.Fprintf(&b, "4 0 obj\n<<\n/Length %d\n>>\nstream\n%s\nendstream\nendobj\n", len(cmapB), cmapB)
	b.WriteString("5 0 obj\n<<\n/Type /Font\n/ToUnicode 4 0 R\n>>\nendobj\n")
	fmt.Fprintf(&b, "6 0 obj\n<<\n/Length %d\n>>\nstream\n%s\nendstream\nendobj\n%%%%EOF\n", len(content), content)
	got, err := Text(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got != "刘䶮\n刘" {
		t.Errorf("Text = %q, want %q", got, "刘䶮\n刘")
	}
}
