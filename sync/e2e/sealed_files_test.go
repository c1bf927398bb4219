package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/secure"
	"yichuang/sync/linksim"
	"yichuang/testsupport/desks"
)

// TestSealedScansUploadAndACopyRevealsNone: a desk of an older build holds
// its scans and a notice in clear. At the first login after the upgrade
// (`document --as`, a command that logs in) they are sealed; the notice is
// written again, sealed. The sync engine, built after a login, uploads the
// sealed scans whole over a link that cuts uploads mid-chunk, each resumed
// from the offset the platform holds (the engine reads the sealed file by
// offset). A copy of the data directory then holds no byte of a scan's
// content and not the notice's title (its case number), which the clear
// files held before.
func TestSealedScansUploadAndACopyRevealsNone(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "A2")
	k.seed(4, 2, 300) // two scans of 300 KB, in clear: a desk with no account yet
	ctx := hall.AsDesk(context.Background())
	// A case with a notice; no is the case, its notice written in clear.
	got, _ := desks.SentBackForCorrection(t, ctx, k.d)
	no := got.No
	k.close()
	if out, errs, rc := runCLI("document", "--data", k.dir, no); rc != 0 {
		t.Fatalf("document: %d %s%s", rc, out, errs)
	}
	// What the clear files show: a piece of each scan, the notice's title.
	var known [][]byte
	scans, _ := os.ReadDir(filepath.Join(k.dir, "files"))
	for _, e := range scans {
		b, _ := os.ReadFile(filepath.Join(k.dir, "files", e.Name()))
		if secure.IsSealedFile(b) || len(b) < 200<<10 {
			t.Fatalf("scan %s: %d bytes, sealed %v before any account", e.Name(), len(b), secure.IsSealedFile(b))
		}
		known = append(known, b[100<<10:100<<10+64])
	}
	title := titleHex(no)
	notices, _ := filepath.Glob(filepath.Join(k.dir, "documents", no+"-*.pdf"))
	if len(scans) != 2 || len(notices) == 0 {
		t.Fatalf("%d scans, notices %v", len(scans), notices)
	}
	if b, _ := os.ReadFile(notices[0]); !bytes.Contains(b, title) {
		t.Fatal("the clear notice lacks its title")
	}

	pw := k.addClerk()
	out, errs, rc := runCLI("document", "--data", k.dir, "--as", "wangkun", "--password-file", pw, no)
	if rc != 0 {
		t.Fatalf("document --as: %d %s%s", rc, out, errs)
	}
	// The command hands back a clear copy outside the data directory.
	if view := strings.TrimSpace(out); strings.HasPrefix(view, k.dir) || !strings.HasSuffix(view, ".pdf") || !strings.Contains(filepath.Base(view), no) {
		t.Errorf("document printed %q", view)
	}

	k.open()
	if _, err := k.d.DB.Users().Login(ctx, "wangkun", "Qinghe#2026"); err != nil {
		t.Fatal(err)
	}
	link := weakLink(t, p, 256<<10, 5*time.Millisecond)
	cuts := newTimes(3)
	link.SetRule(func(s linksim.Seg) linksim.Action {
		if s.Dir == linksim.Up && isPatch(s) && !s.NewRequest && cuts.take() {
			return linksim.Cut
		}
		return linksim.Pass
	})
	s := k.syncer(link.URL(), 5*time.Second, func(c *engineConfig) { c.ChunkSize = 96 << 10 })
	k.syncUntilDone(s, 60*time.Second)
	st := checkSynced(t, k, p)
	if st.Files != 2 || cuts.used(3) == 0 {
		t.Errorf("%d files on the platform, %d uploads cut", st.Files, cuts.used(3))
	}
	k.close()

	k.stealCopy(func(path string, b []byte) {
		for i, piece := range known {
			if bytes.Contains(b, piece) {
				t.Errorf("%s holds scan %d's content", path, i)
			}
		}
		if bytes.Contains(b, title) || bytes.Contains(b, []byte("%PDF")) {
			t.Errorf("%s holds a notice in clear", path)
		}
	})
}

// titleHex is s as the PDF's title writes it (UTF-16BE in hex).
func titleHex(s string) []byte {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, "%04X", r)
	}
	return []byte(b.String())
}
