package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/documents"
	"yichuang/secure"
	"yichuang/testsupport/desks"
	"yichuang/testsupport/pdftext"
)

// On a desk with accounts a reprinted notice is sealed in documents/, and
// the viewer gets a clear copy in the user's private temporary folder,
// never a file of the data directory; with nobody logged in at the window
// the notice is not opened.
func TestReprintOnAKeyedDeskOpensAPrivateCopy(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	f := newLockFixture(t)
	ctx := f.clerkFromStore(t)
	got, evs := desks.SentBackForCorrection(t, ctx, f.desk)
	at, n, ok := documents.ForEvent(got, evs[len(evs)-1])
	if !ok {
		t.Fatal("no notice")
	}
	reprint(f.shell.env, at, n)
	docs := f.documents()
	if len(docs) != 1 {
		t.Fatalf("the viewer got %v", docs)
	}
	stored := documents.Path(f.shell.env.Info.DataDir, got.No, n.Kind)
	if raw, _ := os.ReadFile(stored); !secure.IsSealedFile(raw) {
		t.Errorf("%s is not sealed", stored)
	}
	view := docs[0]
	if filepath.Dir(view) != documents.ViewDir() || !strings.HasSuffix(view, string(n.Kind)+".pdf") {
		t.Errorf("the viewer got %s", view)
	}
	b, _ := os.ReadFile(view)
	if text, _ := pdftext.Text(b); !strings.Contains(text, got.No) || !strings.Contains(text, string(n.Kind)) {
		t.Errorf("the copy reads %q", text)
	}
	if st, _ := os.Stat(view); st.Mode().Perm() != 0o600 {
		t.Errorf("the copy is %v", st.Mode().Perm())
	}

	f.desk.DB.Users().Logout(ctx)
	f.shell.env.setUser(nil)
	if err := f.shell.env.openDocument(stored); err == nil || len(f.documents()) != 1 {
		t.Errorf("opened with nobody logged in: %v, %v", err, f.documents())
	}
}
