package e2e

import (
	"context"
	"strings"
	"testing"

	"yichuang/hall"
)

// TestSyncOnADeskWithAccounts: once the desk has accounts, personal data is
// sealed at rest, outbox included. Headless sync without a login cannot
// open it and says so, losing nothing; with --as it opens and sends it,
// and the platform gets the applicant's data in clear (over the link).
func TestSyncOnADeskWithAccounts(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "A1")
	k.seed(4, 2, 20)
	pw := k.addClerk()
	out, errs, code := runCLI("sync", "--once", "--data", k.dir)
	if code != 2 || !strings.Contains(errs, "--as") { // refused before anything is read or sent
		t.Fatalf("sync without a login: exit %d\n%s%s", code, out, errs)
	}
	out, errs, code = runCLI("sync", "--once", "--data", k.dir, "--as", "wangkun", "--password-file", pw)
	if code != 0 {
		t.Fatalf("sync as wangkun: exit %d\n%s%s", code, out, errs)
	}
	k.open()
	if _, err := k.d.DB.Users().Login(hall.AsDesk(context.Background()), "wangkun", "Qinghe#2026"); err != nil {
		t.Fatal(err)
	}
	st := checkSynced(t, k, p)
	// The audit log went too, its chain checked by the platform: at least
	// the admin's creation and the sync's login are in it.
	if st.AuditRecords < 2 {
		t.Errorf("audit records on the platform: %d", st.AuditRecords)
	}
	if next, err := k.d.DB.Sync().NextAudit(hall.AsDesk(context.Background()), 10); err != nil || len(next) > 2 {
		// the login above and its audit record came after the last push
		t.Errorf("audit records left at the desk: %d %v", len(next), err)
	}
}
