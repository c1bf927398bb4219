package sqlite

import (
	"context"
	"os"
	"testing"

	"yichuang/hall"
)

// Before, a database created by an older build (0644) stayed readable by
// every account of the PC, with its WAL and the desk key beside it. Opening
// it now takes group and other access away from all of them.
func TestOpenMakesOldFilesOwnerOnly(t *testing.T) {
	db := keyedDB(t)
	path := db.path
	db.Close()
	files := []string{path, path + "-wal", path + "-shm", DeskSecretPath(path)}
	for _, f := range files {
		if _, err := os.Stat(f); os.IsNotExist(err) {
			// -wal and -shm are gone after a clean close: make them as an old build left them
			if err := os.WriteFile(f, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(f, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db2, err := Open(hall.AsDesk(context.Background()), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := st.Mode().Perm(); m != 0o600 {
			t.Errorf("%s is %o after opening, want 600", f, m)
		}
	}
}
