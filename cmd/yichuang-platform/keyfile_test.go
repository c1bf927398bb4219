package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

// The platform does not start on a key file group or others may read: it
// names the file and its mode and exits; taken back to 0600 it starts on
// the same database.
func TestProbeKeyFileOthersMayReadIsRefused(t *testing.T) {
	p := startPlat(t)
	reg := p.enrol("341122", "01")
	p.stop()
	key := p.dir + ".key"
	if err := os.Chmod(key, 0o644); err != nil {
		t.Fatal(err)
	}
	out := runBin(t, 10*time.Second, "serve", "--addr", "127.0.0.1:0", "--data", p.dir)
	if !strings.Contains(out, key) || !strings.Contains(out, "权限为 644") || !strings.Contains(out, "chmod 600") {
		t.Fatalf("serve on a key file others may read: %q", out)
	}
	if listenRE.MatchString(out) {
		t.Fatalf("the platform listened on a key file others may read: %q", out)
	}
	os.Chmod(key, 0o600)
	p.start()
	if rs := p.pushCase(reg, "c-1", "341122-20261123-01-0001", citizen); rs[0].Code != "applied" {
		t.Fatalf("a push after chmod 600: %+v", rs)
	}
}
