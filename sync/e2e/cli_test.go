package e2e

import (
	"strings"
	"testing"
)

// TestSyncCommand: `yichuang sync --once` exits 0 only when everything is
// pushed and pulled, and otherwise says how much is left; --platform sends
// one run through another address (a proxy) without changing the
// registration.
func TestSyncCommand(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "51")
	k.seed(6, 3, 20)
	k.close()
	link := weakLink(t, p, 0, 0)
	link.SetDown(true)
	out, errs, code := runCLI("sync", "--once", "--data", k.dir, "--platform", link.URL())
	if code == 0 || !strings.Contains(errs, "还有 12 项待同步") || !strings.Contains(errs, "无法连接省级平台") {
		t.Fatalf("link down: exit %d\n%s%s", code, out, errs)
	}
	link.SetDown(false)
	out, errs, code = runCLI("sync", "--once", "--data", k.dir, "--platform", link.URL())
	if code != 0 || !strings.Contains(out, "待同步 0 项") {
		t.Fatalf("link up: exit %d\n%s%s", code, out, errs)
	}
	if link.Connections() == 0 {
		t.Error("--platform did not go through the link")
	}
	k.open()
	checkSynced(t, k, p)
	if url, _ := k.d.DB.Setting(t.Context(), "platform.url"); url != p.url() {
		t.Errorf("--platform changed the registered address to %s", url)
	}
}
