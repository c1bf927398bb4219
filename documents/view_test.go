package documents

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/secure"
)

// A notice written with the desk's file key is sealed in documents/: the
// bytes hold neither the PDF nor its case number, which the same notice
// in clear shows. ViewCopy opens it into a 0600 file in the user's 0700
// folder outside the data directory, the same PDF; ClearViews removes it.
func TestSealedNoticeOpensOnlyThroughAPrivateCopy(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dk, _ := secure.NewDataKey()
	key := dk.FileKey()
	clearDir, sealedDir := t.TempDir(), t.TempDir()
	c, n := sampleCase(), sampleNotice(hall.DocReceipt)
	clearPath, err := Write(clearDir, nil, c, n)
	if err != nil {
		t.Fatal(err)
	}
	clearPDF, _ := os.ReadFile(clearPath)
	no := titleHex(c.No) // the title in the PDF's information, UTF-16 in hex
	if !bytes.HasPrefix(clearPDF, []byte("%PDF")) || !bytes.Contains(clearPDF, no) {
		t.Fatalf("the notice in clear lacks the markers the test looks for")
	}
	p, err := Write(sealedDir, key, c, n)
	if err != nil {
		t.Fatal(err)
	}
	if p != Path(sealedDir, c.No, n.Kind) {
		t.Errorf("path = %s", p)
	}
	sealed, _ := os.ReadFile(p)
	if !secure.IsSealedFile(sealed) || bytes.Contains(sealed, []byte("%PDF")) || bytes.Contains(sealed, no) {
		t.Fatal("the notice in documents/ is readable without the key")
	}

	view, err := ViewCopy(p, key)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(view) != ViewDir() || strings.HasPrefix(view, sealedDir) {
		t.Fatalf("the clear copy is at %s", view)
	}
	st, _ := os.Stat(view)
	dst, _ := os.Stat(ViewDir())
	if st.Mode().Perm() != 0o600 || dst.Mode().Perm() != 0o700 {
		t.Errorf("copy %v, folder %v; want 0600 and 0700", st.Mode().Perm(), dst.Mode().Perm())
	}
	got, _ := os.ReadFile(view)
	if textOf(t, got) != textOf(t, clearPDF) {
		t.Error("the copy is not the notice")
	}
	// A notice in clear (a desk with no keys) is handed over as it is.
	if v, err := ViewCopy(clearPath, nil); err != nil || v != clearPath {
		t.Errorf("clear notice: %s, %v", v, err)
	}
	// Without the key (nobody logged in) it does not open.
	if _, err := ViewCopy(p, nil); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("no key: %v", err)
	}
	if err := ClearViews(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(view); !os.IsNotExist(err) {
		t.Error("ClearViews left the copy")
	}
}

// A folder left open to others is taken back to 0700 before a copy goes in.
func TestViewDirIsTakenBackToPrivate(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	if err := os.Mkdir(ViewDir(), 0o777); err != nil {
		t.Fatal(err)
	}
	os.Chmod(ViewDir(), 0o777)
	dk, _ := secure.NewDataKey()
	p, err := Write(t.TempDir(), dk.FileKey(), sampleCase(), sampleNotice(hall.DocReceipt))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ViewCopy(p, dk.FileKey()); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(ViewDir()); st.Mode().Perm() != 0o700 {
		t.Errorf("folder %v", st.Mode().Perm())
	}
}

// titleHex is s as a PDF text string in hex (UTF-16BE) writes it.
func titleHex(s string) []byte {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, "%04X", r)
	}
	return []byte(b.String())
}
