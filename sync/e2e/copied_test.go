package e2e

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"yichuang/desk"
	"yichuang/hall"
	"yichuang/sync/protocol"
	"yichuang/sync/transport"
)

// TestCopiedDataDirCannotActAsTheDesk: a desk with accounts is registered
// and has synced; its whole data directory (database, WAL, desk key file,
// scans) is copied away. Without a password the copy neither holds the
// platform secret in any readable form nor can build a sync engine, so it
// can neither read the hall's cases nor push fake ones.
func TestCopiedDataDirCannotActAsTheDesk(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "A1")
	secretHex, _ := k.d.DB.Setting(hall.AsDesk(context.Background()), hall.SettingDeskSecret)
	secret, ok := protocol.DecodeSecret(secretHex)
	if !ok {
		t.Fatalf("a desk without accounts keeps its secret until the first admin: %q", secretHex)
	}
	k.seed(3, 2, 10)
	pw := k.addClerk()
	if out, errs, code := runCLI("sync", "--once", "--data", k.dir, "--as", "wangkun", "--password-file", pw); code != 0 {
		t.Fatalf("sync as wangkun: exit %d\n%s%s", code, out, errs)
	}

	// Every byte of the copy: the secret appears neither as hex nor raw.
	stolen := k.stealCopy(func(path string, b []byte) {
		if bytes.Contains(b, []byte(secretHex)) || bytes.Contains(b, secret) {
			t.Errorf("%s holds the platform secret in clear", path)
		}
	})

	ctx := hall.AsDesk(context.Background())
	d, err := desk.Open(ctx, stolen, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if v, _ := d.DB.Setting(ctx, hall.SettingDeskSecret); v != "" {
		if _, ok := protocol.DecodeSecret(v); ok {
			t.Fatalf("the copy's settings give the platform secret: %q", v)
		}
	}
	if s, err := d.NewSync(ctx, desk.SyncOptions{Tune: fast}); err == nil {
		s.Close()
		t.Fatal("a copied data directory built a sync engine without a login")
	} else if hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("refused with %v, want a request to log in", err)
	}
	// What the copy holds as the secret signs nothing the platform accepts.
	v, _ := d.DB.Setting(ctx, hall.SettingDeskSecret)
	deskID, _ := d.DB.Setting(ctx, hall.SettingDeskID)
	c, err := transport.New(transport.Options{BaseURL: p.url(), DeskID: deskID, Secret: []byte(v)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	nos, err := d.DB.Sync().CaseNumbers(ctx)
	if err != nil || len(nos) == 0 {
		t.Fatalf("the copy's case numbers: %v %v", nos, err)
	}
	for _, no := range nos {
		if _, err := c.Case(ctx, no); err == nil {
			t.Fatalf("the copy read case %s from the platform", no)
		}
	}
	// A login on the copy opens it again: nothing was lost.
	if _, err := d.DB.Users().Login(ctx, "wangkun", "Qinghe#2026"); err != nil {
		t.Fatal(err)
	}
	s, err := d.NewSync(ctx, desk.SyncOptions{Tune: fast})
	if err != nil {
		t.Fatalf("after a login: %v", err)
	}
	defer s.Close()
	if err := s.Engine.Round(ctx); err != nil {
		t.Fatalf("a round after a login: %v", err)
	}
}

// TestWindowSyncStartsAfterLogin: the window's engine on a desk with
// accounts waits for a login (the secret is sealed), then syncs as the
// desk.
func TestWindowSyncStartsAfterLogin(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "A1")
	k.seed(2, 0, 0)
	k.addClerk()
	k.open()
	ctx := hall.AsDesk(context.Background())
	ctl, stop := k.d.StartSync(ctx)
	defer stop()
	if ctl == nil {
		t.Fatal("a registered desk got no sync controller")
	}
	time.Sleep(300 * time.Millisecond)
	if st := ctl.SyncStatus(); st.Online || !strings.Contains(st.LastError, "登录") {
		t.Fatalf("before a login: %+v", st)
	}
	if n, _ := p.st.CaseNumbers(ctx); len(n) != 0 {
		t.Fatalf("the platform got %d cases before a login", len(n))
	}
	if _, err := k.d.DB.Users().Login(ctx, "wangkun", "Qinghe#2026"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if n, _ := p.st.CaseNumbers(ctx); len(n) == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not synced after a login: %+v", ctl.SyncStatus())
		}
		ctl.SyncNow()
		time.Sleep(100 * time.Millisecond)
	}
}
