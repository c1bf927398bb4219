package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/sync/linksim"
)

// Disaster recovery (docs/adr/0016): a desk restored from a backup, a desk
// replaced by a new PC, a platform restored from its backup. Each story
// syncs through a link that cuts requests, and ends with every case on
// the platform exactly once and equal to the desk's, every case back on
// its desk, no number issued twice, nothing refused, and `verify` green.

func isPath(s linksim.Seg, prefix string) bool { return strings.HasPrefix(s.Request, prefix) }

// cuttingLink cuts the answers of the first n requests of each kind that
// recovery and sync depend on.
func cuttingLink(t *testing.T, p *platform, n int) (*linksim.Link, *times) {
	l := weakLink(t, p, 0, 2*time.Millisecond)
	cuts := newTimes(n)
	l.SetRule(func(s linksim.Seg) linksim.Action {
		if s.Dir == linksim.Down && s.DownSinceRq == 0 && (isPath(s, "POST /api/v1/own-cases") ||
			isPath(s, "POST /api/v1/recover") || isPush(s) || isPath(s, "POST /api/v1/audit")) && cuts.take() {
			return linksim.Cut
		}
		return linksim.Pass
	})
	return l, cuts
}

func password(t *testing.T) string {
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte("Backup#2026\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return pw
}

// cli runs a desk command on the closed desk and reopens it.
func (k *testDesk) cli(args ...string) string {
	k.t.Helper()
	k.close()
	defer k.open()
	out, errs, rc := runCLI(append([]string{args[0], "--data", k.dir}, args[1:]...)...)
	if rc != 0 {
		k.t.Fatalf("%s: exit %d\n%s%s", args[0], rc, out, errs)
	}
	return out
}

// checkRecovered asserts the end of every story: the platform holds every
// case of every desk exactly once, equal to the desk's, every desk holds
// every case the platform has of it, no number was issued twice (the
// platform refused nothing), and verify passes on every desk.
func checkRecovered(t *testing.T, p *platform, issued map[string]bool, desks ...*testDesk) {
	t.Helper()
	ctx := hall.AsDesk(context.Background())
	onPlatform, err := p.st.CaseNumbers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(onPlatform) != len(issued) {
		t.Fatalf("platform holds %d cases, %d numbers were issued", len(onPlatform), len(issued))
	}
	for _, no := range onPlatform {
		if !issued[no] {
			t.Fatalf("platform holds %s, which no desk issued", no)
		}
	}
	st, err := p.st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.OpsRejected != 0 {
		t.Fatalf("the platform refused %d operations: %+v", st.OpsRejected, st)
	}
	for _, k := range desks {
		c, err := k.d.DB.Sync().SyncCounts(ctx)
		if err != nil || c.Outstanding() != 0 || c.Conflicts != 0 {
			t.Fatalf("desk queue not empty: %+v %v", c, err)
		}
		nos, err := k.d.DB.Sync().CaseNumbers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(nos) != len(onPlatform) {
			t.Fatalf("the desk holds %d cases, the platform %d", len(nos), len(onPlatform))
		}
		client := k.client(p.url())
		for _, no := range nos {
			k.samePlatformCase(ctx, client, no)
		}
		out := k.cli("verify")
		if strings.Contains(out, "失败") {
			t.Fatalf("verify:\n%s", out)
		}
	}
}

// take seeds n cases and adds their numbers to issued, failing on a
// number issued before.
func (k *testDesk) take(n int, issued map[string]bool, scansEvery ...int) []string {
	k.t.Helper()
	before, _ := k.d.DB.Sync().CaseNumbers(hall.AsDesk(context.Background()))
	had := map[string]bool{}
	for _, no := range before {
		had[no] = true
	}
	every := 0
	if len(scansEvery) > 0 {
		every = scansEvery[0]
	}
	k.seed(n, every, 20)
	after, _ := k.d.DB.Sync().CaseNumbers(hall.AsDesk(context.Background()))
	var fresh []string
	for _, no := range after {
		if had[no] {
			continue
		}
		if issued[no] {
			k.t.Fatalf("number %s issued twice", no)
		}
		issued[no] = true
		fresh = append(fresh, no)
	}
	if len(fresh) != n {
		k.t.Fatalf("took %d cases, %d new numbers", n, len(fresh))
	}
	return fresh
}

// TestRestoredDeskRejoins is issue 21's story: 5 cases, a backup, 5 more,
// synced; the desk restored from the backup takes 3 new cases. Before,
// they were numbered 0006–0008 again and refused; the restored desk did
// not know 0006–0010; verify called the restore tampering.
func TestRestoredDeskRejoins(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "01")
	issued := map[string]bool{}
	k.take(5, issued)
	pw := password(t)
	file := filepath.Join(t.TempDir(), "desk.ycb")
	if out, errs, rc := runCLI("backup", "--data", k.dir, "--password-file", pw, file); rc != 0 {
		t.Fatalf("backup: %s%s", out, errs)
	}
	lost := k.take(5, issued)
	k.syncUntilDone(k.syncer(p.url(), 5*time.Second), 30*time.Second)

	out := k.cli("restore", "--password-file", pw, file)
	if !strings.Contains(out, "最后的办件编号为 341122-") || !strings.Contains(out, "-0005") ||
		!strings.Contains(out, "恢复代号 A") || !strings.Contains(out, "续接") {
		t.Fatalf("the restore does not say what was lost:\n%s", out)
	}
	if nos, _ := k.d.DB.Sync().CaseNumbers(hall.AsDesk(context.Background())); len(nos) != 5 {
		t.Fatalf("restored desk holds %d cases", len(nos))
	}
	fresh := k.take(3, issued) // offline, before any sync
	for _, no := range fresh {
		if n, err := hall.ParseCaseNumber(no); err != nil || n.Generation != 1 {
			t.Fatalf("a number after the restore: %s (%+v, %v)", no, n, err)
		}
	}
	link, cuts := cuttingLink(t, p, 4)
	failures := k.syncUntilDone(k.syncer(link.URL(), 5*time.Second), 60*time.Second)
	if cuts.used(4) != 4 || failures < 2 {
		t.Errorf("%d cuts, %d failed rounds: the link broke nothing", cuts.used(4), failures)
	}
	for _, no := range lost { // synced after the backup: back on the desk
		if _, _, err := k.d.DB.Sync().LocalCase(hall.AsDesk(context.Background()), no); err != nil {
			t.Fatalf("case %s did not come back: %v", no, err)
		}
	}
	// The clerk continues a case brought back: 办结, accepted by the platform.
	k.decide(lost[0])
	// The next number of the day follows the highest brought back.
	more := k.take(1, issued)
	if n, _ := hall.ParseCaseNumber(more[0]); n.Seq != 11 || n.Generation != 1 {
		t.Errorf("after recovery the desk numbered %s", more[0])
	}
	k.syncUntilDone(k.syncer(p.url(), 5*time.Second), 30*time.Second)
	checkRecovered(t, p, issued, k)
	if st, _ := p.st.Stats(hall.AsDesk(context.Background())); st.AuditRecords == 0 {
		t.Fatal("the platform holds no audit log")
	}
}

// TestReplacedDeskRejoins: the PC is gone without a backup; the platform
// admin replaces the desk, the new PC registers with the code and gets
// every case back, numbering with a new generation from its first case.
func TestReplacedDeskRejoins(t *testing.T) {
	p := startPlatform(t)
	old := newDesk(t, p, "02")
	issued := map[string]bool{}
	old.take(6, issued, 2) // with scans the new PC will never hold
	old.syncUntilDone(old.syncer(p.url(), 5*time.Second), 30*time.Second)
	code, err := p.st.ReplaceDesk(hall.AsDesk(context.Background()), "341122", "02")
	if err != nil {
		t.Fatal(err)
	}
	// The old PC's secret no longer works.
	if err := old.syncer(p.url(), 5*time.Second).Engine.Round(hall.AsDesk(context.Background())); hall.ErrorCode(err) != hall.EForbidden {
		t.Fatalf("the replaced PC still syncs: %v", err)
	}
	k := &testDesk{t: t, dir: t.TempDir()}
	out, errs, rc := runCLI("register", "--data", k.dir, "--platform", p.url(), "--code", code)
	if rc != 0 || !strings.Contains(out, "恢复代号 A") {
		t.Fatalf("register on the new PC: %d\n%s%s", rc, out, errs)
	}
	k.open()
	t.Cleanup(k.close)
	k.take(2, issued) // before the first sync: already safe
	link, cuts := cuttingLink(t, p, 3)
	k.syncUntilDone(k.syncer(link.URL(), 5*time.Second), 60*time.Second)
	if cuts.used(3) != 3 {
		t.Errorf("%d cuts", cuts.used(3))
	}
	checkRecovered(t, p, issued, k)
	// The platform's stats and the new PC's queue agree: every event sent,
	// by either PC, is recorded once.
	st, _ := p.st.Stats(hall.AsDesk(context.Background()))
	done, _ := k.d.DB.Sync().OutboxDone(hall.AsDesk(context.Background()))
	if st.OpsApplied != done {
		t.Errorf("platform applied %d operations, the new PC records %d", st.OpsApplied, done)
	}
}

// TestRestoredPlatformGetsBackWhatItLost: the platform is restored from
// its backup; the desk re-sends what the platform lost (cases, events,
// scans, the audit log) and the platform refuses none of it.
func TestRestoredPlatformGetsBackWhatItLost(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "03")
	issued := map[string]bool{}
	k.take(4, issued)
	k.syncUntilDone(k.syncer(p.url(), 5*time.Second), 30*time.Second)
	file := filepath.Join(t.TempDir(), "platform.ycb")
	p.backup(file)
	time.Sleep(10 * time.Millisecond)
	lostOnPlatform := k.take(4, issued)
	k.seed(3, 1, 20) // with scans
	nos, _ := k.d.DB.Sync().CaseNumbers(hall.AsDesk(context.Background()))
	for _, no := range nos {
		issued[no] = true
	}
	k.syncUntilDone(k.syncer(p.url(), 5*time.Second), 30*time.Second)
	checkSynced(t, k, p)

	p.mu.Lock()
	p.stop()
	p.restore(file)
	p.start()
	p.mu.Unlock()
	if n, _ := p.st.CaseNumbers(hall.AsDesk(context.Background())); len(n) != 4 {
		t.Fatalf("the restored platform holds %d cases", len(n))
	}
	// New work on a case the platform lost: pushed before the platform's
	// copy is back, it would be refused.
	k.decide(lostOnPlatform[0])
	k.take(2, issued)
	nos, _ = k.d.DB.Sync().CaseNumbers(hall.AsDesk(context.Background()))
	for _, no := range nos {
		issued[no] = true
	}
	link, _ := cuttingLink(t, p, 3)
	k.syncUntilDone(k.syncer(link.URL(), 5*time.Second), 60*time.Second)
	checkSynced(t, k, p)
	checkRecovered(t, p, issued, k)
}

// TestReplacedDeskThenRestoredPlatform: the new PC holds cases brought back
// without their scans; when the platform is restored and the PC resends
// what it lost, the scans the platform still holds are not asked of it.
func TestReplacedDeskThenRestoredPlatform(t *testing.T) {
	p := startPlatform(t)
	old := newDesk(t, p, "04")
	issued := map[string]bool{}
	old.take(3, issued, 1)
	old.syncUntilDone(old.syncer(p.url(), 5*time.Second), 30*time.Second)
	code, err := p.st.ReplaceDesk(hall.AsDesk(context.Background()), "341122", "04")
	if err != nil {
		t.Fatal(err)
	}
	k := &testDesk{t: t, dir: t.TempDir()}
	if out, errs, rc := runCLI("register", "--data", k.dir, "--platform", p.url(), "--code", code); rc != 0 {
		t.Fatalf("register: %s%s", out, errs)
	}
	k.open()
	t.Cleanup(k.close)
	k.syncUntilDone(k.syncer(p.url(), 5*time.Second), 30*time.Second)
	file := filepath.Join(t.TempDir(), "platform.ycb")
	p.backup(file)
	p.mu.Lock()
	p.stop()
	p.restore(file)
	p.start()
	p.mu.Unlock()
	k.take(2, issued, 1)
	k.syncUntilDone(k.syncer(p.url(), 5*time.Second), 30*time.Second)
	checkRecovered(t, p, issued, k)
	if st, _ := p.st.Stats(hall.AsDesk(context.Background())); st.Files < 3 || st.CasesComplete != 5 || st.UploadsOpen != 0 {
		t.Fatalf("files on the platform: %+v", st)
	}
}

// decide finishes a case at the desk (办结), as the clerk would.
func (k *testDesk) decide(no string) {
	k.t.Helper()
	doc, _, err := k.d.DB.Sync().LocalCase(hall.AsDesk(context.Background()), no)
	if err != nil {
		k.t.Fatal(err)
	}
	var c hall.Case
	if err := json.Unmarshal(doc, &c); err != nil {
		k.t.Fatal(err)
	}
	if _, err := k.d.DB.Cases().Act(hall.AsDesk(context.Background()), c.ID, hall.Event{Action: hall.ActDecide, Result: hall.ResultApproved}); err != nil {
		k.t.Fatalf("办结 %s: %v", no, err)
	}
}
