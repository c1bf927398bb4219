package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"yichuang/backupfile"
	"yichuang/hall"
	"yichuang/secure"
)

func TestRetentionPurgesOnlyConfirmedFinishedCases(t *testing.T) {
	db, ctx := clerkDesk(t)
	finished := writePersonalData(t, db)
	for _, a := range []hall.Event{{Action: hall.ActStartReview}, {Action: hall.ActDecide, Result: hall.ResultApproved}} {
		if _, err := db.Cases().Act(ctx, finished.ID, a); err != nil {
			t.Fatal(err)
		}
	}
	it := seedItem(t, db)
	open := newCase(it)
	if err := db.Cases().Open(ctx, open, hall.Event{Action: hall.ActReceive}); err != nil {
		t.Fatal(err)
	}
	unconfirmed := newCase(it)
	db.Cases().Open(ctx, unconfirmed, hall.Event{Action: hall.ActReceive})
	db.Cases().Act(ctx, unconfirmed.ID, hall.Event{Action: hall.ActRefuse, Reason: "不属于本事项"})
	db.write.Exec("UPDATE outbox SET state = 'done' WHERE case_id <> ?", unconfirmed.ID)
	var eventsBefore int
	db.read.QueryRow("SELECT count(*) FROM case_events").Scan(&eventsBefore)

	if n, err := db.PurgeExpired(ctx, 180); err != nil || n != 0 {
		t.Fatalf("purge before the period: %d, %v", n, err)
	}
	db.Now = func() time.Time { return time.Now().Add(181 * 24 * time.Hour) }
	n, err := db.PurgeExpired(ctx, 180)
	if err != nil || n != 1 {
		t.Fatalf("purged %d, %v; want the one finished, confirmed case", n, err)
	}
	var doc, name, key, purged string
	db.read.QueryRow("SELECT doc, applicant_name, applicant_key, purged_at FROM cases WHERE id = ?", finished.ID).Scan(&doc, &name, &key, &purged)
	if name != "张*" || key != "" || purged == "" || strings.Contains(doc, "#sm4:") || strings.Contains(doc, "张喆") {
		t.Errorf("purged case: name %q key %q purged %q doc %s", name, key, purged, doc)
	}
	var leftovers int
	db.read.QueryRow(`SELECT count(*) FROM (SELECT body AS d FROM outbox WHERE case_id = ?1
		UNION ALL SELECT doc FROM case_events WHERE case_id = ?1) WHERE d LIKE '%#sm4:%' OR d LIKE '%张喆%'`, finished.ID).Scan(&leftovers)
	if leftovers != 0 {
		t.Errorf("%d outbox entries or events still carry personal data", leftovers)
	}
	var eventsAfter int
	db.read.QueryRow("SELECT count(*) FROM case_events").Scan(&eventsAfter)
	got, _, err := db.Cases().Case(ctx, finished.ID)
	if err != nil || got.No != finished.No || got.State != hall.StateDecided || eventsAfter != eventsBefore {
		t.Errorf("after purge: %+v, %d events (was %d), %v", got, eventsAfter, eventsBefore, err)
	}
	for _, c := range []*hall.Case{open, unconfirmed} {
		if v, err := db.Privacy().Reveal(ctx, c.ID, hall.FieldIDNumber); err != nil || v != knownID {
			t.Errorf("case %s lost its data: %q %v", c.No, v, err)
		}
	}
	if auditCount(t, db, hall.AuditPurge, hall.AuditOK) != 1 {
		t.Error("the purge is not audited")
	}
	if checks, _ := db.Verify(ctx); !allOK(checks) {
		t.Errorf("verify after purge: %+v", checks)
	}
}

// Before, the purge emptied a case's personal fields but left its scans in
// files/, its notices in documents/ and every before-restore-* copy (a
// whole old database with its desk key and scans) for ever. Now a purged
// case's scans (unless a case still kept refers to them) and notices go,
// and so do before-restore copies older than the period.
func TestRetentionRemovesScansNoticesAndOldRestoreCopies(t *testing.T) {
	db, ctx := clerkDesk(t)
	dir := filepath.Dir(db.path)
	att := db.Attachments(filepath.Join(dir, "files"))
	scan := func(name, body string) string {
		p := filepath.Join(t.TempDir(), name)
		os.WriteFile(p, []byte("%PDF-1.4\n"+body), 0o600)
		a, err := att.Attach(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		return a.SHA256
	}
	own, shared, kept := scan("张喆身份证.pdf", "own"), scan("户口簿.pdf", "shared"), scan("另一件.pdf", "kept")
	it := seedItem(t, db)
	open := func(files ...string) *hall.Case {
		c := newCase(it)
		c.Materials = []hall.CaseMaterial{{Name: "身份证", Necessity: hall.Required, Originals: 1, Files: files}}
		if err := db.Cases().Open(ctx, c, hall.Event{Action: hall.ActReceive}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	finished, still := open(own, shared), open(shared, kept)
	if _, err := db.Cases().Act(ctx, finished.ID, hall.Event{Action: hall.ActRefuse, Reason: "不属于本事项"}); err != nil {
		t.Fatal(err)
	}
	db.write.Exec("UPDATE outbox SET state = 'done'")
	docs := filepath.Join(dir, "documents")
	os.MkdirAll(docs, 0o700)
	notice, other := filepath.Join(docs, finished.No+"-不予受理通知书.pdf"), filepath.Join(docs, still.No+"-受理回执.pdf")
	os.WriteFile(notice, []byte("%PDF"), 0o600)
	os.WriteFile(other, []byte("%PDF"), 0o600)
	later := time.Now().Add(181 * 24 * time.Hour)
	oldCopy := filepath.Join(dir, backupfile.KeptDirPrefix+time.Now().Format("20060102-150405"))
	newCopy := filepath.Join(dir, backupfile.KeptDirPrefix+later.Add(-time.Hour).Format("20060102-150405"))
	for _, d := range []string{oldCopy, newCopy} {
		os.MkdirAll(filepath.Join(d, "files"), 0o700)
		os.WriteFile(filepath.Join(d, "yichuang.db"), []byte("old"), 0o600)
	}

	if raw, _ := os.ReadFile(att.AttachmentPath(own)); !secure.IsSealedFile(raw) {
		t.Fatal("the scan the purge removes is not sealed") // sealed files are what it removes now
	}
	db.Now = func() time.Time { return later }
	if n, err := db.PurgeExpired(ctx, 180); err != nil || n != 1 {
		t.Fatalf("purged %d, %v", n, err)
	}
	gone := func(p string) bool { _, err := os.Stat(p); return os.IsNotExist(err) }
	for what, p := range map[string]string{"the purged case's own scan": att.AttachmentPath(own), "its notice": notice,
		"a restore copy past the period": oldCopy} {
		if !gone(p) {
			t.Errorf("%s is still there: %s", what, p)
		}
	}
	for what, p := range map[string]string{"a scan a kept case shares": att.AttachmentPath(shared),
		"a kept case's scan": att.AttachmentPath(kept), "a kept case's notice": other, "a recent restore copy": newCopy} {
		if gone(p) {
			t.Errorf("%s was removed: %s", what, p)
		}
	}
	var names int
	db.read.QueryRow("SELECT count(*) FROM attachments WHERE sha256 = ?", own).Scan(&names)
	if names != 0 {
		t.Error("the purged scan's record (with its original name) stayed")
	}
}

// Before, a scan's original file name (often the applicant's: 张喆身份证.pdf)
// lay in clear in attachments; now it is sealed, and opens for someone
// logged in. A name recorded before the first admin is sealed at setup.
func TestScanNamesAreSealed(t *testing.T) {
	db, ctx := clerkDesk(t)
	att := db.Attachments(filepath.Join(filepath.Dir(db.path), "files"))
	p := filepath.Join(t.TempDir(), "张喆身份证.pdf")
	os.WriteFile(p, []byte("%PDF-1.4\nscan"), 0o600)
	a, err := att.Attach(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	var stored string
	db.read.QueryRow("SELECT name FROM attachments WHERE sha256 = ?", a.SHA256).Scan(&stored)
	if stored == "张喆身份证.pdf" || !strings.HasPrefix(stored, "#sm4:") {
		t.Errorf("stored name %q", stored)
	}
	if got, err := att.Attachment(ctx, a.SHA256); err != nil || got.Name != "张喆身份证.pdf" {
		t.Errorf("opened name %q %v", got.Name, err)
	}
	db.Users().Logout(ctx)
	if got, _ := att.Attachment(ctx, a.SHA256); strings.Contains(got.Name, "张喆") {
		t.Errorf("with nobody logged in the name reads %q", got.Name)
	}

	fresh, err := Open(hall.AsDesk(context.Background()), filepath.Join(t.TempDir(), "n.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	fresh.SetKDF(db.kdf())
	dctx := hall.AsDesk(context.Background())
	if _, err := fresh.Attachments(filepath.Join(t.TempDir(), "files")).Attach(dctx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.Users().Setup(dctx, hall.NewUser{Name: "admin", DisplayName: "赵管理", Password: adminPW}); err != nil {
		t.Fatal(err)
	}
	fresh.read.QueryRow("SELECT name FROM attachments").Scan(&stored)
	if !strings.HasPrefix(stored, "#sm4:") {
		t.Errorf("a name recorded before the first admin stays %q after setup", stored)
	}
}
