package main

import (
	"context"
	"flag"
	"io"
	"runtime/debug"
	"strings"
	"testing"
)

// serve sets the collector's target to --gc-percent, to its default when
// neither the flag nor GOGC is given, and leaves GOGC's when only it is;
// a target under 25 is refused before anything opens.
func TestServeSetsTheCollectorsTarget(t *testing.T) {
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	for _, c := range []struct {
		env  string
		args []string
		want int
	}{
		{"", nil, defaultGCPercent},
		{"150", nil, 100}, // GOGC=150 took effect at start: left alone
		{"150", []string{"--gc-percent", "300"}, 300},
		{"", []string{"--gc-percent", "100"}, 100},
	} {
		t.Setenv("GOGC", c.env)
		debug.SetGCPercent(100)
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		percent := fs.Int("gc-percent", defaultGCPercent, "")
		if err := fs.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		setGCPercent(fs, *percent)
		if got := debug.SetGCPercent(100); got != c.want {
			t.Errorf("GOGC=%q %v: target %d, want %d", c.env, c.args, got, c.want)
		}
	}
	err := runServe(context.Background(), []string{"--gc-percent", "10", "--data", t.TempDir()}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--gc-percent 至少为 25") {
		t.Errorf("--gc-percent 10: %v", err)
	}
}
