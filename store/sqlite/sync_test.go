package sqlite

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
)

// openSyncCase opens and accepts a case; sha, when given, is a scan of its
// first material.
func openSyncCase(t *testing.T, db *DB, it hall.Item, name, sha string) *hall.Case {
	t.Helper()
	ctx := hall.AsDesk(context.Background())
	c := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department, Clerk: "王堃",
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: name, IDNumber: "11010519491231002X"},
		Materials: []hall.CaseMaterial{{Name: "居民身份证", Necessity: hall.Required, Originals: 1}}}
	if sha != "" {
		c.Materials[0].Files = []string{sha}
	}
	if err := db.Cases().Open(ctx, c, hall.Event{Action: hall.ActReceive, Actor: "王堃"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Cases().Act(ctx, c.ID, hall.Event{Action: hall.ActAccept, Actor: "王堃"}); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestOutboxQueueParksHoldsAndQueuesScans(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	it := seedItem(t, db)
	sha := strings.Repeat("ab", 32)
	a := openSyncCase(t, db, it, "甲", sha)
	openSyncCase(t, db, it, "乙", "")
	s := db.Sync()
	ops, err := s.NextOps(ctx, 10, 1)
	if err != nil || len(ops) != 1 {
		t.Fatalf("a byte budget below one op still gives one: %d %v", len(ops), err)
	}
	ops, _ = s.NextOps(ctx, 10, 1<<20)
	if len(ops) != 4 || ops[0].CaseID != a.ID || ops[0].CaseNo != a.No {
		t.Fatalf("ops %+v", ops)
	}
	if err := s.MarkSending(ctx, []int64{ops[0].Seq, ops[1].Seq}, true); err != nil {
		t.Fatal(err)
	}
	if rows, _ := db.Cases().ListCases(ctx, hall.CaseFilter{}); syncOf(rows, a.ID) != hall.SyncSending {
		t.Errorf("case on its way shows %s", syncOf(rows, a.ID))
	}
	// a's receive is accepted (its scan is now expected), a's accept and
	// b's receive are refused, b's accept is left for later.
	err = s.SettleOps(ctx, []hall.OpResult{
		{Seq: ops[0].Seq, Verdict: hall.OpAccepted, Code: "applied"},
		{Seq: ops[1].Seq, Verdict: hall.OpRejected, Code: "conflict", Message: "平台上办件已审查"},
		{Seq: ops[2].Seq, Verdict: hall.OpRejected, Code: "invalid", Message: "申请人信息有误"},
		{Seq: ops[3].Seq, Verdict: hall.OpKeep, Code: "blocked"},
	})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := s.SyncCounts(ctx)
	if c.Pending != 1 || c.Held != 1 || c.Parked != 2 || c.FilesPending != 1 || c.Sending != 0 {
		t.Fatalf("counts %+v", c)
	}
	if next, _ := s.NextOps(ctx, 10, 1<<20); len(next) != 0 {
		t.Errorf("an op held behind a parked one is offered: %+v", next)
	}
	files, _ := s.NextFiles(ctx, 5)
	if len(files) != 1 || files[0].SHA256 != sha || files[0].CaseNo != a.No || files[0].Name != "居民身份证" {
		t.Fatalf("files %+v", files)
	}
	rows, _ := db.Cases().ListCases(ctx, hall.CaseFilter{})
	for _, r := range rows {
		if r.Sync != hall.SyncRejected || r.SyncNote == "" {
			t.Errorf("case %s: %s %q", r.No, r.Sync, r.SyncNote)
		}
	}
	q, _ := s.SyncQueue(ctx, 10)
	if len(q) != 4 || q[0].State != hall.SyncRejected || q[3].Kind != hall.QueueFile {
		t.Fatalf("queue %+v", q)
	}
	if !strings.Contains(q[2].Reason, "等待") {
		t.Errorf("the held op does not say why it waits: %+v", q[2])
	}
	// 重试 the refused receive: it and the accept behind it go again.
	if err := s.Retry(ctx, hall.QueueOp, strconv.FormatInt(ops[2].Seq, 10)); err != nil {
		t.Fatal(err)
	}
	if next, _ := s.NextOps(ctx, 10, 1<<20); len(next) != 2 || next[0].Seq != ops[2].Seq {
		t.Errorf("after retry: %+v", next)
	}
	if err := s.Retry(ctx, hall.QueueOp, strconv.FormatInt(ops[2].Seq, 10)); hall.ErrorCode(err) != hall.ENotFound {
		t.Errorf("retrying twice: %v", err)
	}
	// The scan is done: a's only trouble left is its parked accept.
	f := files[0]
	f.State = hall.OpDone
	if err := s.SaveFileUpload(ctx, f); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.SyncCounts(ctx); c.FilesPending != 0 {
		t.Errorf("counts after the scan: %+v", c)
	}
}

func TestSyncLogSurvivesReopen(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	l := hall.SyncLog{LastAttempt: at.Add(time.Minute), LastSuccess: at, LastError: "无法连接省级平台", LastDelivered: at.Add(30 * time.Second)}
	if err := db.Sync().SaveSyncLog(ctx, l); err != nil {
		t.Fatal(err)
	}
	got, err := db.Sync().SyncLog(ctx)
	if err != nil || !got.LastAttempt.Equal(l.LastAttempt) || !got.LastSuccess.Equal(at) || got.LastError != l.LastError ||
		!got.LastDelivered.Equal(l.LastDelivered) {
		t.Errorf("log %+v %v", got, err)
	}
}

func syncOf(rows []hall.CaseSummary, id string) hall.SyncState {
	for _, r := range rows {
		if r.ID == id {
			return r.Sync
		}
	}
	return ""
}
