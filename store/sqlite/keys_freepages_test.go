package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
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
	// An address no other test writes, in a case and in a draft: addresses
	// are sealed like ID numbers and phones, so none may stay behind either.
	const knownAddress = "清河县梧桐巷三一七号"
	ctx := hall.AsDesk(context.Background())
	for i := 0; i < 20; i++ { // enough records to free whole pages when sealed
		writePersonalData(t, db)
		c := newCase(seedItem(t, db))
		c.Applicant.Address = knownAddress
		if err := db.Cases().Open(ctx, c, hall.Event{Action: hall.ActReceive, Actor: "王堃"}); err != nil {
			t.Fatal(err)
		}
	}
	d := testDraft("d-address", "张喆")
	d.Applicant = json.RawMessage(`{"kind":"自然人","name":"张喆","address":"` + knownAddress + `"}`)
	if err := db.Drafts().SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	// Control: before sealing the files do hold all three, so the search
	// below would find what is left of them.
	before := rawFiles(t, db)
	for _, known := range []string{knownID, knownPhone, knownAddress} {
		if !bytes.Contains(before, []byte(known)) {
			t.Fatalf("before sealing the files do not hold %s: the search finds nothing", known)
		}
	}
	if _, err := db.Users().Setup(context.Background(), hall.NewUser{Name: "admin", DisplayName: "赵管理", Password: adminPW}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal"} {
		b, _ := os.ReadFile(f)
		for _, known := range []string{knownID, knownPhone, knownAddress} {
			if n := bytes.Count(b, []byte(known)); n > 0 {
				t.Errorf("%s holds %s %d times after sealing", f, known, n)
			}
		}
	}
	db.Close()
	b, _ := os.ReadFile(path)
	for _, known := range []string{knownID, knownPhone, knownAddress} {
		if n := bytes.Count(b, []byte(known)); n > 0 {
			t.Errorf("the closed database holds %s %d times", known, n)
		}
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("database file mode %v (%v), want 0600", st.Mode().Perm(), err)
	}
}
