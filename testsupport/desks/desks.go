// Package desks opens the real desks tests run on: a data directory with
// its SQLite file, demo catalog, bundled calendar and hall codes, exactly as
// the window's desk.Open makes it. The UI tests build their windows over
// these in app/ui/fixture_test.go; the commands', the sync stories' and the
// bench tool's tests use them as they are. Tests only.
package desks

import (
	"context"
	"testing"

	"yichuang/desk"
	"yichuang/hall"
)

// Ctx is the context a test acts in when no user does: the desk itself.
func Ctx() context.Context { return hall.AsDesk(context.Background()) }

// Open opens the desk in dir (a new temporary directory when dir is "")
// and closes it when the test ends; a test that hands the directory to a
// command first closes it itself (Close again is harmless).
func Open(t testing.TB, dir string) *desk.Desk {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	d, err := desk.Open(Ctx(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}
