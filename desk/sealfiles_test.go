package desk_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/secure"
	"yichuang/testsupport/desks"
)

// The window seals what an older build left in clear once the first login
// has opened the data key, and not before.
func TestWindowSealsClearFilesAtFirstLogin(t *testing.T) {
	dk := desks.Open(t, t.TempDir())
	dk.DB.SetKDF(secure.TestParams)
	ctx := hall.AsDesk(context.Background())
	notice := filepath.Join(dk.Dir.Path, "documents", "341122-20261123-01-0007-受理回执.pdf")
	os.MkdirAll(filepath.Dir(notice), 0o700)
	os.WriteFile(notice, []byte("%PDF-1.4 受理回执"), 0o600)
	stop := dk.SealFilesAtLogin(ctx)
	defer stop()
	sealed := func() bool { b, _ := os.ReadFile(notice); return secure.IsSealedFile(b) }
	time.Sleep(100 * time.Millisecond)
	if sealed() {
		t.Fatal("sealed before any login")
	}
	if _, err := dk.DB.Users().Setup(ctx, hall.NewUser{Name: "guanli", DisplayName: "赵管理", Password: "Qinghe#Guan01"}); err != nil {
		t.Fatal(err)
	}
	for end := time.Now().Add(10 * time.Second); !sealed(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("the clear notice was not sealed after the first login")
		}
	}
}
