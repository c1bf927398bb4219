package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
)

// TestRejectedRecordIsParkedAndNeverBlocks: a case the platform refuses
// (an ID number whose check character is wrong) is parked with the
// platform's Chinese reason; its later event waits behind it; every other
// case goes through, before and after it in the queue.
func TestRejectedRecordIsParkedAndNeverBlocks(t *testing.T) {
	ctx := hall.AsDesk(context.Background())
	p := startPlatform(t)
	k := newDesk(t, p, "31")
	k.seed(5, 0, 0)
	bad := &hall.Case{ItemCode: "000104001001", ItemName: "出生登记", Department: "清河县公安局", Clerk: "王堃",
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "钱䶮", IDType: hall.IDResidentCard,
			IDNumber: "110105194912310021", Phone: "13912345678"}}
	if err := k.d.DB.Cases().Open(ctx, bad, hall.Event{Action: hall.ActReceive, Actor: "王堃"}); err != nil {
		t.Fatal(err)
	}
	if _, err := k.d.DB.Cases().Act(ctx, bad.ID, hall.Event{Action: hall.ActAccept, Actor: "王堃"}); err != nil {
		t.Fatal(err)
	}
	k.seed(5, 0, 0)
	s := k.syncer(p.url(), 5*time.Second)
	if err := s.Engine.Round(ctx); err != nil {
		t.Fatalf("a parked record failed the round: %v", err)
	}
	c, _ := k.d.DB.Sync().SyncCounts(ctx)
	if c.Parked != 1 || c.Held != 1 || c.Pending != 1 {
		t.Fatalf("counts: %+v (want 1 parked, its next event held)", c)
	}
	st, _ := p.st.Stats(ctx)
	if st.Cases != 10 || st.OpsRejected != 1 {
		t.Errorf("platform: %+v (want the 10 good cases, one refusal)", st)
	}
	q, err := k.d.DB.Sync().SyncQueue(ctx, 10)
	if err != nil || len(q) != 2 || q[0].State != hall.SyncRejected || q[0].CaseNo != bad.No {
		t.Fatalf("queue: %+v %v", q, err)
	}
	if !strings.Contains(q[0].Reason, "公民身份号码") || !strings.Contains(q[0].Reason, bad.No) {
		t.Errorf("reason %q should name the field and the case", q[0].Reason)
	}
	cases, _ := k.d.DB.Cases().ListCases(ctx, hall.CaseFilter{})
	for _, cs := range cases {
		want := hall.SyncDone
		if cs.ID == bad.ID {
			want = hall.SyncRejected
		}
		if cs.Sync != want {
			t.Errorf("case %s shows %s, want %s", cs.No, cs.Sync, want)
		}
	}
	// 重试 sends it again; the platform refuses it again, and says so.
	if err := k.d.DB.Sync().Retry(ctx, hall.QueueOp, q[0].Key); err != nil {
		t.Fatal(err)
	}
	if err := s.Engine.Round(ctx); err != nil {
		t.Fatal(err)
	}
	if c, _ := k.d.DB.Sync().SyncCounts(ctx); c.Parked != 1 {
		t.Errorf("after retry: %+v", c)
	}
	// The headless command says how much is left and fails.
	k.close()
	out, errs, code := runCLI("sync", "--once", "--data", k.dir)
	k.open()
	if code == 0 || !strings.Contains(errs, "还有 2 项待同步") || !strings.Contains(out, "被退回 1 项") {
		t.Errorf("sync --once with a parked record: exit %d\n%s%s", code, out, errs)
	}
}
