package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/documents"
	"yichuang/hall"
	"yichuang/secure"
	"yichuang/testsupport/pdftext"
)

// On a desk with accounts a reprinted notice is sealed in documents/, and
// the viewer gets a clear copy in the user's private temporary folder,
// never a file of the data directory; with nobody logged in at the window
// the notice is not opened.
func TestReprintOnAKeyedDeskOpensAPrivateCopy(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	f := newLockFixture(t)
	ctx := hall.AsDesk(context.Background())
	users := f.desk.DB.Users()
	adm, _ := users.Setup(ctx, hall.NewUser{Name: "guanli", DisplayName: "赵管理", Password: "Qinghe#Guan01"})
	users.CreateUser(hall.AsUser(ctx, adm), hall.NewUser{Name: "wangkun", DisplayName: "王堃", Role: hall.RoleClerk, Password: "Wang#Kun2026"})
	users.Logout(ctx)
	clerk, err := users.Login(ctx, "wangkun", "Wang#Kun2026")
	if err != nil {
		t.Fatal(err)
	}
	f.shell.env.setUser(clerk)
	ctx = hall.AsUser(ctx, clerk)
	it, err := f.desk.DB.Catalog().Item(ctx, "000104001001")
	if err != nil {
		t.Fatal(err)
	}
	c := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department,
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "张喆", IDNumber: "11010519491231002X"}}
	dec := hall.Decision{Action: hall.ActRequestCorrection, Item: it, Hall: hall.HallInfo{Name: "清河县政务服务中心"}}
	got, evs, err := f.desk.DB.Drafts().Submit(ctx, hall.Submission{Case: c, Decide: dec.Event})
	if err != nil {
		t.Fatal(err)
	}
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

	users.Logout(ctx)
	f.shell.env.setUser(nil)
	if err := f.shell.env.openDocument(stored); err == nil || len(f.documents()) != 1 {
		t.Errorf("opened with nobody logged in: %v, %v", err, f.documents())
	}
}
