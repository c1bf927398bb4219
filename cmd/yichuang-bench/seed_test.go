package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/datadir"
	"yichuang/hall"
	"yichuang/testsupport/desks"
)

func runT(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var o, e bytes.Buffer
	code, ran := runTool(context.Background(), Env{Stdout: &o, Stderr: &e}, args)
	if !ran {
		t.Fatalf("%q is not a tool", args)
	}
	return code, o.String(), e.String()
}

// yichuang-bench seed takes the clerk's binary's flags, makes its cases in
// a new directory it marks as a throw-away desk, and refuses a directory
// that holds anything else: a clerk's desk never gets fabricated cases.
func TestSeedOnlyIntoAThrowawayDesk(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	code, out, errs := runT(t, "seed", "--data", dir, "--cases", "3", "--scans-every", "2", "--scan-kb", "20", "--seed", "7")
	if code != 0 || !strings.Contains(out, "已生成 3 件") || !strings.Contains(out, "2 件附扫描件") {
		t.Fatalf("seed: exit %d out %q err %q", code, out, errs)
	}
	if !datadir.IsThrowaway(dir) {
		t.Error("the seeded directory is not marked")
	}
	if code, out, errs := runT(t, "seed", "--data", dir, "--cases", "2", "--scans-every", "0"); code != 0 {
		t.Fatalf("seeding again: exit %d out %q err %q", code, out, errs)
	}
	ctx := hall.AsDesk(context.Background())
	dk := desks.Open(t, dir)
	by, err := dk.DB.Cases().CountByState(ctx)
	dk.Close()
	n := 0
	for _, k := range by {
		n += k
	}
	if err != nil || n != 5 {
		t.Errorf("cases = %d, %v; want 5", n, err)
	}

	real := t.TempDir()
	os.WriteFile(filepath.Join(real, datadir.DBFile), []byte("a clerk's desk"), 0o600)
	if code, _, errs := runT(t, "seed", "--data", real, "--cases", "1"); code != 1 || !strings.Contains(errs, "已有数据") {
		t.Errorf("into a desk with data: exit %d err %q", code, errs)
	}
	if code, _, errs := runT(t, "seed", "--cases", "1"); code != 2 || !strings.Contains(errs, "--data") {
		t.Errorf("without --data: exit %d err %q", code, errs)
	}
	if datadir.IsThrowaway(real) {
		t.Error("a refused directory was marked")
	}
}
