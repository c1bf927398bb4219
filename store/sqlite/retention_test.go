package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
)

func TestRetentionPurgesOnlyConfirmedFinishedCases(t *testing.T) {
	db := keyedDB(t)
	ctx := hall.AsDesk(context.Background())
	ctx = hall.AsUser(ctx, login(t, db, "wangkun", clerkPW))
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
