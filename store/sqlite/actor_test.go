package sqlite

import (
	"bytes"
	"context"
	"testing"

	"yichuang/hall"
)

// A call that names nobody is refused, whether or not someone is logged in
// at the window: before, with nobody logged in, every check passed.
func TestCallWithoutActorIsRefused(t *testing.T) {
	db := keyedDB(t)
	bare := context.Background()
	it := seedItem(t, db)
	refused := func(what string, err error) {
		t.Helper()
		if hall.ErrorCode(err) != hall.EForbidden {
			t.Errorf("%s with no actor: %v, want refused", what, err)
		}
	}
	refused("opening a case", db.Cases().Open(bare, newCase(it), hall.Event{Action: hall.ActReceive}))
	var out bytes.Buffer
	_, err := db.Backup(bare, &out, backupPW, t.TempDir(), "test", "内存")
	refused("a backup", err)
	if out.Len() > 0 {
		t.Errorf("a refused backup wrote %d bytes", out.Len())
	}
	_, err = db.Catalog().ImportItems(bare, []hall.Item{it})
	refused("a catalog import", err)

	// An admin logged in at the window lends nothing to a call that does
	// not carry them, nor to the desk itself (the sync engine).
	login(t, db, "admin", adminPW)
	_, err = db.Users().ListUsers(bare)
	refused("listing users", err)
	_, err = db.Users().ListUsers(hall.AsDesk(bare))
	refused("listing users as the desk", err)
	_, err = db.Audit().ListAudit(hall.AsDesk(bare), hall.AuditFilter{})
	refused("reading the audit log as the desk", err)
}

// The clerk's role goes with the clerk's calls and the admin's with the
// admin's, even while the other is the one logged in at the window.
func TestRoleComesFromTheCallNotTheWindow(t *testing.T) {
	db := keyedDB(t)
	ctx := context.Background()
	it := seedItem(t, db)
	clerk := login(t, db, "wangkun", clerkPW)
	db.Users().Logout(hall.AsUser(ctx, clerk))
	login(t, db, "admin", adminPW) // the window's login is now the admin
	if _, err := db.Users().ListUsers(hall.AsUser(ctx, clerk)); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("the clerk lists users while an admin is logged in: %v", err)
	}
	c := newCase(it)
	if err := db.Cases().Open(hall.AsUser(ctx, clerk), c, hall.Event{Action: hall.ActReceive}); err != nil {
		t.Fatalf("the clerk opens a case: %v", err)
	}
	var actor string
	if err := db.read.QueryRow("SELECT user_name FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1",
		string(hall.AuditCase)).Scan(&actor); err != nil || actor != "王堃" {
		t.Errorf("the case action is recorded as %q (%v), want 王堃", actor, err)
	}
}
