package sqlite

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"yichuang/hall"
)

func TestSubmitCommitsCaseEventsOutboxAndClosesDraft(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	it := seedItem(t, db)
	d := testDraft("d-1", "张喆")
	if err := db.Drafts().SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	c := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department, SchemaVersion: 2,
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "张喆", IDNumber: "11010519491231002X"},
		Materials: []hall.CaseMaterial{{Name: "居民身份证", Necessity: hall.Required, Originals: 1}}}
	db.UseBundledCalendar(bundledTables(t))
	dec := hall.Decision{Action: hall.ActAccept, Item: &it, Hall: hall.HallInfo{Name: "清河县政务服务中心"}}
	got, evs, err := db.Drafts().Submit(ctx, hall.Submission{DraftID: "d-1", Case: c, Decide: dec.Event,
		Schema: json.RawMessage(`{"version":2}`)})
	if err != nil {
		t.Fatal(err)
	}
	if got.State != hall.StateAccepted || !hall.ValidCaseNumber(got.No) || got.LegalDue == "" || len(evs) != 2 {
		t.Fatalf("case = %+v, %d events", got, len(evs))
	}
	if c.No != "" || c.State != "" {
		t.Errorf("Submit changed the caller's case: %+v", c)
	}
	n, ok := hall.NoticeOf(evs[1])
	if !ok || n.Kind != hall.DocReceipt || n.HallName != "清河县政务服务中心" {
		t.Errorf("notice in the accept event = %+v", n)
	}
	stored, storedEvs, err := db.Cases().Case(ctx, got.ID)
	if err != nil || stored.State != hall.StateAccepted || len(storedEvs) != 2 {
		t.Fatalf("stored case = %+v, %d events, %v", stored, len(storedEvs), err)
	}
	if _, ok := hall.NoticeOf(storedEvs[1]); !ok {
		t.Error("the stored accept event lost its notice")
	}
	var inOutbox int
	db.read.QueryRow("SELECT count(*) FROM outbox WHERE op_id IN (?, ?) AND case_id = ?", evs[0].ID, evs[1].ID, got.ID).Scan(&inOutbox)
	if inOutbox != 2 {
		t.Errorf("%d of the 2 events are in the outbox", inOutbox)
	}
	var state, caseID string
	db.read.QueryRow("SELECT state, case_id FROM drafts WHERE id = 'd-1'").Scan(&state, &caseID)
	if state != "submitted" || caseID != got.ID {
		t.Errorf("draft state = %s, case = %s", state, caseID)
	}
	if _, err := db.Drafts().FormSchema(ctx, it.Code, 2); err != nil {
		t.Errorf("schema of the case not kept: %v", err)
	}
	if _, _, err := db.Drafts().Submit(ctx, hall.Submission{DraftID: "d-1", Case: c}); hall.ErrorCode(err) != hall.EConflict {
		t.Errorf("submitting a submitted draft again: %v", err)
	}
}

func TestSubmitRefusedDecisionLeavesNothing(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	it := seedItem(t, db)
	if err := db.Drafts().SaveDraft(ctx, testDraft("d-2", "李玥")); err != nil {
		t.Fatal(err)
	}
	c := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Applicant: hall.Applicant{Name: "李玥"}}
	// 不予受理 without a reason: the state machine refuses it.
	dec := hall.Decision{Action: hall.ActRefuse, Item: &it}
	_, _, err := db.Drafts().Submit(ctx, hall.Submission{DraftID: "d-2", Case: c, Decide: dec.Event})
	if !strings.Contains(hall.ErrorMessage(err), "理由") {
		t.Fatalf("err = %v, want the missing reason named", err)
	}
	if n := count(t, db, "cases") + count(t, db, "case_events") + count(t, db, "outbox"); n != 0 {
		t.Errorf("a refused submit left %d rows", n)
	}
	if _, _, err := db.Drafts().Draft(ctx, "d-2"); err != nil {
		t.Errorf("the draft did not stay open: %v", err)
	}
	dec.Reason = "申请事项不属于本机关职权范围"
	got, _, err := db.Drafts().Submit(ctx, hall.Submission{DraftID: "d-2", Case: c, Decide: dec.Event})
	if err != nil || got.State != hall.StateRefused {
		t.Fatalf("second try: %+v, %v", got, err)
	}
	if !strings.HasSuffix(got.No, "-0001") {
		t.Errorf("the refused attempt burned a case number: %s", got.No)
	}
}

func TestSubmitRefusesAcceptWithMissingMaterial(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	it := seedItem(t, db)
	c := &hall.Case{ItemCode: it.Code, ItemName: it.Name, Applicant: hall.Applicant{Name: "王堃"}}
	dec := hall.Decision{Action: hall.ActAccept, Item: &it}
	_, _, err := db.Drafts().Submit(ctx, hall.Submission{Case: c, Decide: dec.Event})
	if !strings.Contains(hall.ErrorMessage(err), "居民身份证：未提交") {
		t.Errorf("err = %v", err)
	}
	if n := count(t, db, "cases"); n != 0 {
		t.Errorf("%d cases after a refused accept", n)
	}
}
