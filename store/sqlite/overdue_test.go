package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
)

// TestOverdueReasonIsASupervisorsEvent: a 即办件 accepted on 11/23 is
// overdue on 11/25. A clerk may not record its reason, a case not yet
// overdue takes none, an empty or over-long reason is named; the
// administrator's reason commits with its event, outbox entry and audit
// record, leaves the state alone and reads back.
func TestOverdueReasonIsASupervisorsEvent(t *testing.T) {
	db, ctx, c := clerkReceived(t, "张喆")
	base, at := context.Background(), c.ReceivedAt
	if _, err := db.Cases().Act(ctx, c.ID, hall.Event{Action: hall.ActAccept, At: at.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	events, outbox := count(t, db, "case_events"), count(t, db, "outbox")
	db.Now = func() time.Time { return at.Add(5 * time.Hour) } // the due day itself: not overdue
	if err := db.Cases().RecordOverdueReason(ctx, c.No, "现场核查"); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("a clerk records a reason: %v", err)
	}
	db.Users().Logout(ctx)
	ctx = hall.AsUser(base, login(t, db, "admin", adminPW))
	if err := db.Cases().RecordOverdueReason(ctx, c.No, "现场核查"); hall.ErrorCode(err) != hall.EConflict ||
		!strings.Contains(hall.ErrorMessage(err), "未超期") {
		t.Errorf("a case on its due day: %v", err)
	}
	db.Now = func() time.Time { return at.Add(48 * time.Hour) }
	for _, bad := range []string{"  ", strings.Repeat("超", hall.MaxOverdueReason+1)} {
		if err := db.Cases().RecordOverdueReason(ctx, c.No, bad); hall.ErrorCode(err) != hall.EInvalid ||
			!strings.Contains(hall.ErrorMessage(err), "超期原因") {
			t.Errorf("reason of %d characters: %v", len([]rune(bad)), err)
		}
	}
	if err := db.Cases().RecordOverdueReason(ctx, "341122-20261123-07-9999", "现场核查"); hall.ErrorCode(err) != hall.ENotFound {
		t.Errorf("unknown case: %v", err)
	}
	if count(t, db, "case_events") != events || count(t, db, "outbox") != outbox {
		t.Fatal("a refused reason left rows behind")
	}
	audits := auditCount(t, db, hall.AuditCase, hall.AuditOK)
	if err := db.Cases().RecordOverdueReason(ctx, c.No, "  需现场核查，申请人改约时间  "); err != nil {
		t.Fatal(err)
	}
	if count(t, db, "case_events") != events+1 || count(t, db, "outbox") != outbox+1 ||
		auditCount(t, db, hall.AuditCase, hall.AuditOK) != audits+1 {
		t.Error("the reason did not commit with its event, outbox entry and audit record")
	}
	got, evs, err := db.Cases().Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1]
	if got.State != hall.StateAccepted || got.OverdueReason != "需现场核查，申请人改约时间" ||
		last.Action != hall.ActOverdueReason || last.From != hall.StateAccepted || last.To != hall.StateAccepted || last.Actor != "赵管理" {
		t.Errorf("case %s %q, last event %+v", got.State, got.OverdueReason, last)
	}
	reasons, err := db.Cases().OverdueReasons(ctx, []string{c.No, "341122-20261123-07-9999"})
	if err != nil || len(reasons) != 1 || reasons[c.No] != "需现场核查，申请人改约时间" {
		t.Errorf("reasons = %v, %v", reasons, err)
	}
	var kind string
	if err := db.read.QueryRow("SELECT kind FROM outbox ORDER BY seq DESC LIMIT 1").Scan(&kind); err != nil || kind != "case.event" {
		t.Errorf("outbox entry kind %q (%v)", kind, err)
	}
}
