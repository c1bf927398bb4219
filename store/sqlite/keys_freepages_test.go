package sqlite

import (
	"bytes"
	"context"
	"os"
	"testing"

	"yichuang/hall"
	"yichuang/secure"
)

// Sealing at the first admin rewrote each record but left the old
// plaintext in free pages and the WAL: a copied file still gave up the ID
// numbers, phones and addresses written before.
func TestSetupLeavesNoPlaintextInTheFile(t *testing.T) {
	path := t.TempDir() + "/t.db"
	db, err := Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.SetKDF(secure.TestParams)
	for i := 0; i < 20; i++ { // enough records to free whole pages when sealed
		writePersonalData(t, db)
	}
	if _, err := db.Users().Setup(context.Background(), hall.NewUser{Name: "admin", DisplayName: "赵管理", Password: adminPW}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal"} {
		b, _ := os.ReadFile(f)
		for _, known := range []string{knownID, knownPhone} {
			if n := bytes.Count(b, []byte(known)); n > 0 {
				t.Errorf("%s holds %s %d times after sealing", f, known, n)
			}
		}
	}
	db.Close()
	b, _ := os.ReadFile(path)
	if n := bytes.Count(b, []byte(knownID)); n > 0 {
		t.Errorf("the closed database holds the ID number %d times", n)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("database file mode %v (%v), want 0600", st.Mode().Perm(), err)
	}
}
