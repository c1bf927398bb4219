package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yichuang/hall"
)

// A key file that group or others may read is refused, in Chinese naming
// the file and its mode: the key is what keeps a copied database from
// revealing personal data and from signing as a desk. Made by the
// platform it is 0600, and at 0600 it opens as the same key.
func TestKeyFileReadableByOthersIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "platform.key")
	made, err := LoadKeyFile(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("a new key file: %v %v, want 0600", st.Mode().Perm(), err)
	}
	for _, mode := range []os.FileMode{0o640, 0o604, 0o660, 0o644, 0o606} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		_, err := LoadKeyFile(path, false)
		if err == nil {
			t.Fatalf("key file at %o was read", mode)
		}
		msg := err.Error()
		if hall.ErrorCode(err) != hall.EForbidden || !strings.Contains(msg, path) ||
			!strings.Contains(msg, fmt.Sprintf("权限为 %o", mode)) || !strings.Contains(msg, "chmod 600") {
			t.Errorf("key file at %o: %v", mode, err)
		}
	}
	for _, mode := range []os.FileMode{0o600, 0o400} {
		os.Chmod(path, mode)
		k, err := LoadKeyFile(path, false)
		if err != nil || k.ID() != made.ID() {
			t.Errorf("key file at %o: %v", mode, err)
		}
	}
}
