package e2e

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yichuang/commands"
	"yichuang/desk"
	"yichuang/hall"
	"yichuang/seed"
	"yichuang/sync/engine"
	"yichuang/testsupport/desks"
)

// testDesk is a registered desk with its data directory.
type testDesk struct {
	t   *testing.T
	dir string
	d   *desk.Desk
}

// newDesk registers a desk with the platform through the `yichuang
// register` command, as an admin would, and opens it.
func newDesk(t *testing.T, p *platform, deskCode string, extra ...string) *testDesk {
	t.Helper()
	dir := t.TempDir()
	code := p.addDesk("341122", deskCode)
	args := append([]string{"register", "--data", dir, "--platform", p.url(), "--code", code}, extra...)
	if out, errs, rc := runCLI(args...); rc != 0 {
		t.Fatalf("register: exit %d\n%s%s", rc, out, errs)
	}
	k := &testDesk{t: t, dir: dir}
	k.open()
	t.Cleanup(k.close)
	return k
}

func (k *testDesk) open() {
	k.t.Helper()
	d := desks.Open(k.t, k.dir)
	k.d = d
}

func (k *testDesk) close() {
	if k.d != nil {
		k.d.Close()
		k.d = nil
	}
}

// addClerk closes the desk and gives it its first account, the clerk
// wangkun, with `yichuang user add`; it returns the file that holds the
// password, for the commands' --password-file.
func (k *testDesk) addClerk() string {
	k.t.Helper()
	k.close()
	pw := filepath.Join(k.t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("Qinghe#2026\n"), 0o600); err != nil {
		k.t.Fatal(err)
	}
	if out, errs, code := runCLI("user", "add", "--data", k.dir, "--password-file", pw, "wangkun"); code != 0 {
		k.t.Fatalf("user add: %d %s%s", code, out, errs)
	}
	return pw
}

// stealCopy copies the desk's data directory, as whoever walks off with it
// would (its lock left behind), and hands check each file of the copy with
// its bytes; it returns the copy.
func (k *testDesk) stealCopy(check func(path string, b []byte)) string {
	k.t.Helper()
	stolen := k.t.TempDir()
	if err := os.CopyFS(stolen, os.DirFS(k.dir)); err != nil {
		k.t.Fatal(err)
	}
	os.Remove(filepath.Join(stolen, "yichuang.lock"))
	err := filepath.WalkDir(stolen, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		check(path, b)
		return nil
	})
	if err != nil {
		k.t.Fatal(err)
	}
	return stolen
}

func runCLI(args ...string) (stdout, stderr string, code int) {
	var o, e bytes.Buffer
	code = commands.Run(hall.AsDesk(context.Background()), commands.Env{Stdout: &o, Stderr: &e}, args)
	return o.String(), e.String(), code
}

// seed makes n accepted cases, every k-th with a scan of kb.
func (k *testDesk) seed(n, every, kb int) seed.Result {
	k.t.Helper()
	res, err := seed.Cases(hall.AsDesk(context.Background()), k.d, seed.Options{Cases: n, ScansEvery: every, ScanKB: kb, Seed: 42})
	if err != nil {
		k.t.Fatal(err)
	}
	return res
}

// fast tunes an engine for tests: pauses of milliseconds, not minutes.
func fast(c *engine.Config) {
	c.Backoff = engine.Backoff{Base: 10 * time.Millisecond, Cap: 100 * time.Millisecond}
	c.Check, c.Probe, c.Poll = 20*time.Millisecond, 20*time.Millisecond, time.Second
}

// syncer builds the desk's engine through url (a link, or the platform).
func (k *testDesk) syncer(url string, idle time.Duration, tune ...func(*engine.Config)) *desk.Sync {
	k.t.Helper()
	s, err := k.d.NewSync(hall.AsDesk(context.Background()), desk.SyncOptions{PlatformURL: url, IdleTimeout: idle,
		Tune: func(c *engine.Config) {
			fast(c)
			for _, f := range tune {
				f(c)
			}
		}})
	if err != nil {
		k.t.Fatal(err)
	}
	k.t.Cleanup(s.Close)
	return s
}

// syncUntilDone runs rounds until one succeeds with nothing left, as the
// window's engine would over a bad day; it fails the test after limit.
func (k *testDesk) syncUntilDone(s *desk.Sync, limit time.Duration) int {
	k.t.Helper()
	ctx, cancel := context.WithTimeout(hall.AsDesk(context.Background()), limit)
	defer cancel()
	failures := 0
	for {
		err := s.Engine.Round(ctx)
		c, cerr := k.d.DB.Sync().SyncCounts(hall.AsDesk(context.Background()))
		if cerr != nil {
			k.t.Fatal(cerr)
		}
		if err == nil && c.Outstanding() == 0 {
			return failures
		}
		if err == nil {
			k.t.Fatalf("a round succeeded with work left: %+v", c)
		}
		failures++
		if ctx.Err() != nil {
			k.t.Fatalf("not synced after %s (%d failed rounds); last error: %v; left %+v", limit, failures, err, c)
		}
		if !strings.Contains(hall.ErrorMessage(err), "平台") && hall.ErrorCode(err) != hall.ETransient {
			k.t.Fatalf("round failed for a reason that is not the link's: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
