package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
)

func TestRestoreNumbersWithANewGenerationAndContinuesTheAuditChain(t *testing.T) {
	db, n := auditedDB(t)
	ctx := context.Background()
	it := seedItem(t, db)
	login(t, db, "wangkun", clerkPW)
	before := openSyncCase(t, db, it, "甲", "")
	db.Users().Logout(ctx)
	var last int64
	db.read.QueryRow("SELECT max(seq) FROM audit_log").Scan(&last)
	at := time.Date(2026, 12, 1, 22, 0, 0, 0, hall.Zone) // as the hall reads it, whatever the PC's zone
	rep, err := db.RecordRestore(ctx, "/media/usb/desk.ycb", at, "before-restore-20261202-080000", 0)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Generation != 1 || rep.LastCaseNo != before.No || rep.ResumesAfter != last || !rep.BackupAt.Equal(at) {
		t.Fatalf("report %+v (last case %s, last record %d, %d records)", rep, before.No, last, n)
	}
	var detail, action string
	db.read.QueryRow("SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&action, &detail)
	if action != string(hall.AuditRestore) || !strings.Contains(detail, fmt.Sprintf(hall.AuditResumeMark, last)) ||
		!strings.Contains(detail, before.No) || !strings.Contains(detail, "2026-12-01 22:00:00") {
		t.Fatalf("restore record %s: %s", action, detail)
	}
	if c := auditCheck(t, db); !c.OK || !strings.Contains(c.Detail, fmt.Sprintf("1 次从备份恢复（第 %d 条续接第 %d 条）", last+1, last)) {
		t.Fatalf("verify after a restore: %+v", c)
	}
	login(t, db, "wangkun", clerkPW)
	after := openSyncCase(t, db, it, "乙", "")
	if p, _ := hall.ParseCaseNumber(after.No); p.Generation != 1 || after.No == before.No {
		t.Fatalf("numbered %s after the restore (before: %s)", after.No, before.No)
	}
	// A second restore, over data that had reached generation 3.
	if rep, err := db.RecordRestore(ctx, "desk.ycb", at, "", 3); err != nil || rep.Generation != 4 {
		t.Fatalf("second restore: %+v %v", rep, err)
	}
	if st, _ := db.Sync().RecoveryState(ctx); !st.Pending || st.Generation != 4 || st.Claim == "" {
		t.Fatalf("recovery state %+v", st)
	}
	// A restore record that names another position is caught.
	if err := db.Update(ctx, func(tx *Tx) error {
		return appendAudit(ctx, tx, hall.AuditEntry{Action: hall.AuditRestore, Object: "x.ycb", Outcome: hall.AuditOK,
			Detail: fmt.Sprintf(hall.AuditResumeMark, 2)})
	}); err != nil {
		t.Fatal(err)
	}
	if c := auditCheck(t, db); c.OK || !strings.Contains(c.Detail, "续接第 2 条") {
		t.Fatalf("a restore record naming another position: %+v", c)
	}
}

func TestOwnCasesComeBackSealedWithTheirQueueSettled(t *testing.T) {
	src := keyedDB(t)
	ctx := context.Background()
	it := seedItem(t, src)
	login(t, src, "wangkun", clerkPW)
	c := openSyncCase(t, src, it, "王喆", "")
	doc, evs, err := src.Sync().LocalCase(ctx, c.No)
	if err != nil {
		t.Fatal(err)
	}
	rc := hall.RecoveredCase{Origins: []string{"desk", "desk"}}
	mustJSON(t, doc, &rc.Case)
	rc.Events = make([]hall.Event, len(evs))
	for i := range evs {
		mustJSON(t, evs[i], &rc.Events[i])
	}
	// The same desk on a new PC (a fresh database with its own keys).
	dst := keyedDB(t)
	seedItem(t, dst)
	if _, err := dst.Sync().ApplyOwnCases(ctx, []hall.RecoveredCase{rc}); hall.ErrorCode(err) != hall.EForbidden {
		t.Fatalf("personal data written with nobody logged in: %v", err)
	}
	login(t, dst, "wangkun", clerkPW)
	if need, _ := dst.Sync().MissingOwnCases(ctx, []hall.OwnCaseRef{{ID: c.ID, No: c.No, Events: 2}}); len(need) != 1 {
		t.Fatalf("missing %v", need)
	}
	for range 2 { // a repeated page changes nothing
		if n, err := dst.Sync().ApplyOwnCases(ctx, []hall.RecoveredCase{rc}); err != nil || n != 1 {
			t.Fatalf("apply: %d %v", n, err)
		}
	}
	var raw string
	dst.read.QueryRow("SELECT doc FROM cases WHERE id = ?", c.ID).Scan(&raw)
	if strings.Contains(raw, "11010519491231002X") || !strings.Contains(raw, "#sm4:") {
		t.Fatalf("the case came back unsealed: %s", raw)
	}
	if need, _ := dst.Sync().MissingOwnCases(ctx, []hall.OwnCaseRef{{ID: c.ID, No: c.No, Events: 2}}); len(need) != 0 {
		t.Fatalf("still missing %v", need)
	}
	if cnt, _ := dst.Sync().SyncCounts(ctx); cnt.Outstanding() != 0 {
		t.Fatalf("recovered cases queued for the platform: %+v", cnt)
	}
	if done, _ := dst.Sync().OutboxDone(ctx); done != 2 {
		t.Fatalf("settled entries %d", done)
	}
	checks, _ := dst.Verify(ctx)
	for _, ch := range checks {
		if !ch.OK {
			t.Fatalf("verify: %+v", ch)
		}
	}
	// The next number of that day follows the one brought back.
	next := openSyncCase(t, dst, it, "乙", "")
	p, _ := hall.ParseCaseNumber(c.No)
	if q, _ := hall.ParseCaseNumber(next.No); q.Day == p.Day && q.Seq != p.Seq+1 {
		t.Fatalf("numbered %s after %s", next.No, c.No)
	}
}

func TestARestoredPlatformGetsBackWhatItLost(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	it := seedItem(t, db)
	openSyncCase(t, db, it, "甲", "")
	s := db.Sync()
	ops, _ := s.NextOps(ctx, 10, 1<<20)
	var res []hall.OpResult
	for _, op := range ops {
		res = append(res, hall.OpResult{Seq: op.Seq, Verdict: hall.OpAccepted, Code: "applied"})
	}
	if err := s.SettleOps(ctx, res); err != nil {
		t.Fatal(err)
	}
	// The first was settled long before the platform's backup.
	db.write.Exec("UPDATE outbox SET done_at = '2026-01-01T00:00:00Z' WHERE seq = ?", ops[0].Seq)
	db.write.Exec("INSERT INTO sync_cursors (stream, cursor, updated_at) VALUES ('catalog', '90', ''), ('users', '40', '')")
	db.write.Exec("INSERT INTO audit_pushed (id, seq, updated_at) VALUES (1, 30, '')")
	n, files, err := s.PlatformRestored(ctx, hall.PlatformLoss{Epoch: "e2", BackupAt: db.Now().Add(-time.Hour),
		ChangesThrough: 50, AuditThrough: 12})
	if err != nil || n != 1 || files != 0 {
		t.Fatalf("re-queued %d ops, %d files, %v", n, files, err)
	}
	if left, _ := s.NextOps(ctx, 10, 1<<20); len(left) != 1 || left[0].Seq != ops[1].Seq {
		t.Fatalf("queue after the platform's restore: %+v", left)
	}
	cur, _ := s.Cursors(ctx)
	var pushed int64
	db.read.QueryRow("SELECT seq FROM audit_pushed").Scan(&pushed)
	st, _ := s.RecoveryState(ctx)
	if cur["catalog"] != "50" || cur["users"] != "40" || pushed != 12 || st.Epoch != "e2" {
		t.Fatalf("cursors %v, audit mark %d, epoch %q", cur, pushed, st.Epoch)
	}
}

func mustJSON(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}
