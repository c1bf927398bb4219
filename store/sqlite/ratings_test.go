package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
)

// TestRatingCommitsOnceWithItsEventAndIsCounted: the applicant's rating of
// 受理 commits with its event, outbox entry, audit record and ratings row;
// a second rating of the stage, a 差评 without a reason and a supervisor's
// rating are refused and leave nothing; the snapshot of 时限监督 lists it by
// clerk and department.
func TestRatingCommitsOnceWithItsEventAndIsCounted(t *testing.T) {
	db, ctx, c := clerkReceived(t, "刘䶮")
	base, at := context.Background(), c.ReceivedAt
	rate := func(ctx context.Context, r hall.Rating) error {
		ev, err := hall.RatingEvent(r)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Cases().Act(ctx, c.ID, ev)
		return err
	}
	if err := rate(ctx, hall.Rating{Stage: hall.StageAccept, Level: hall.RateGood}); hall.ErrorCode(err) != hall.EConflict {
		t.Errorf("rated before 受理: %v", err)
	}
	if _, err := db.Cases().Act(ctx, c.ID, hall.Event{Action: hall.ActAccept, At: at.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	events, outbox := count(t, db, "case_events"), count(t, db, "outbox")
	if err := rate(ctx, hall.Rating{Stage: hall.StageAccept, Level: hall.RatePoor}); hall.ErrorCode(err) != hall.EInvalid ||
		!strings.Contains(hall.ErrorMessage(err), "请填写原因") {
		t.Errorf("不满意 without a reason: %v", err)
	}
	audits := auditCount(t, db, hall.AuditCase, hall.AuditOK)
	if err := rate(ctx, hall.Rating{Stage: hall.StageAccept, Level: hall.RatePoor, Reason: "排队太久", At: at.Add(2 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if count(t, db, "case_events") != events+1 || count(t, db, "outbox") != outbox+1 || count(t, db, "ratings") != 1 ||
		auditCount(t, db, hall.AuditCase, hall.AuditOK) != audits+1 {
		t.Fatal("the rating did not commit with its event, outbox entry, ratings row and audit record")
	}
	if err := rate(ctx, hall.Rating{Stage: hall.StageAccept, Level: hall.RateVeryGood}); hall.ErrorCode(err) != hall.EConflict ||
		!strings.Contains(hall.ErrorMessage(err), "一次一评") {
		t.Errorf("the rating was changed: %v", err)
	}
	db.Users().Logout(ctx)
	sup := hall.AsUser(base, login(t, db, "admin", adminPW))
	if err := rate(sup, hall.Rating{Stage: hall.StageAccept, Level: hall.RateVeryGood}); hall.ErrorCode(err) != hall.EForbidden &&
		hall.ErrorCode(err) != hall.EConflict {
		t.Errorf("an administrator rates: %v", err)
	}
	if count(t, db, "case_events") != events+1 || count(t, db, "ratings") != 1 {
		t.Fatal("a refused rating left rows behind")
	}
	got, evs, err := db.Cases().Case(sup, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1]
	if r, ok := got.Rated(hall.StageAccept); !ok || r.Level != hall.RatePoor || got.State != hall.StateAccepted ||
		last.Action != hall.ActRate || last.Actor != "王堃" {
		t.Errorf("case %+v, last event %+v", got.Ratings, last)
	}
	var kind, op string
	if err := db.read.QueryRow("SELECT kind, op_id FROM outbox ORDER BY seq DESC LIMIT 1").Scan(&kind, &op); err != nil ||
		kind != "case.event" || op != last.ID {
		t.Errorf("outbox entry %q %s, want the rating event %s (%v)", kind, op, last.ID, err)
	}
	day := calendar.HallDate(at)
	snap, err := db.Cases().Supervise(sup, supervision.Query{From: day, To: day})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Ratings) != 1 || snap.Ratings[0].Clerk != "王堃" || snap.Ratings[0].Department != c.Department ||
		snap.Ratings[0].Level != hall.RatePoor || snap.Ratings[0].CaseNo != c.No {
		t.Errorf("snapshot ratings = %+v", snap.Ratings)
	}
	if snap, _ = db.Cases().Supervise(sup, supervision.Query{From: day.AddDays(1), To: day.AddDays(2)}); len(snap.Ratings) != 0 {
		t.Errorf("a rating of another day counted: %+v", snap.Ratings)
	}
}
