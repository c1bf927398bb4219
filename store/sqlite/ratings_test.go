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

// TestBundleRatedOnceForEveryMember: one rating of a bundle's 受理 (一件事)
// records a rating event per accepted member not yet rated, each with its
// outbox entry and ratings row, in one transaction: a member whose row
// cannot be written leaves none of them; a member rated before keeps its own
// rating and is left out; a second rating of the bundle is refused.
func TestBundleRatedOnceForEveryMember(t *testing.T) {
	db, ctx := demoDesk(t)
	cases, _, err := db.Drafts().SubmitBundle(ctx, bundleSubmission(t, mergedBundle(t, db, ctx, "YJS341122004"), ""))
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Cases().BundleCases(ctx, cases[2].ID)
	if err != nil || len(got) != 4 || got[0].ID != cases[0].ID || got[3].ID != cases[3].ID {
		t.Fatalf("the bundle's cases from its third: %d, %v", len(got), err)
	}
	ev, err := hall.RatingEvent(hall.Rating{Stage: hall.StageAccept, Level: hall.RateFair})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Cases().Act(ctx, cases[3].ID, ev); err != nil { // the fourth rated on its own before
		t.Fatal(err)
	}
	events, outbox := count(t, db, "case_events"), count(t, db, "outbox")
	// The third member's row is taken already: the rating of the bundle fails whole.
	if err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO ratings (event_id, case_id, case_no, stage, level, reason, channel,
			clerk, department, rated_at) VALUES ('x', ?, ?, '受理', '满意', '', '窗口', '', '', '2026-01-01')`, cases[2].ID, cases[2].No)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	rate := hall.Rating{Stage: hall.StageAccept, Level: hall.RateVeryGood, Channel: hall.ChannelWindow}
	if _, err := db.Cases().Rate(ctx, cases[1].ID, rate); hall.ErrorCode(err) != hall.EConflict {
		t.Fatalf("a member that cannot be rated: %v", err)
	}
	if count(t, db, "case_events") != events || count(t, db, "outbox") != outbox || count(t, db, "ratings") != 2 {
		t.Fatal("a refused rating of the bundle left rows behind")
	}
	if err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM ratings WHERE event_id = 'x'")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	rated, err := db.Cases().Rate(ctx, cases[1].ID, rate)
	if err != nil {
		t.Fatal(err)
	}
	if len(rated) != 3 || rated[0].ID != cases[0].ID || rated[1].ID != cases[1].ID || rated[2].ID != cases[2].ID {
		t.Fatalf("rated %d cases, want the first three in the bundle's order", len(rated))
	}
	if count(t, db, "case_events") != events+3 || count(t, db, "outbox") != outbox+3 || count(t, db, "ratings") != 4 {
		t.Errorf("events %d→%d, outbox %d→%d, ratings %d: want one each per member rated",
			events, count(t, db, "case_events"), outbox, count(t, db, "outbox"), count(t, db, "ratings"))
	}
	for i, c := range cases {
		want := hall.RateVeryGood
		if i == 3 {
			want = hall.RateFair
		}
		stored, evs, err := db.Cases().Case(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		r, ok := stored.Rated(hall.StageAccept)
		if !ok || r.Level != want || len(stored.Ratings) != 1 || evs[len(evs)-1].Action != hall.ActRate {
			t.Errorf("member %d: ratings %+v", i+1, stored.Ratings)
		}
		var n int
		db.read.QueryRow("SELECT count(*) FROM outbox o JOIN case_events e ON e.id = o.op_id WHERE o.case_id = ? AND e.action = 'rate'",
			c.ID).Scan(&n)
		if n != 1 {
			t.Errorf("member %d: %d rating entries in the outbox", i+1, n)
		}
	}
	if _, err := db.Cases().Rate(ctx, cases[0].ID, rate); hall.ErrorCode(err) != hall.EConflict ||
		!strings.Contains(hall.ErrorMessage(err), "一次一评") {
		t.Errorf("the bundle rated again: %v", err)
	}
}
