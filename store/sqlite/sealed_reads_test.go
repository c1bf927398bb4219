package sqlite

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/secure"
)

// TestNoReadPathReturnsASealedValue: a case, its events, its draft and its
// applicant come back from every read path of the store with no value
// still sealed (the "#sm4:" prefix), whether someone is logged in (values
// opened and masked) or not (masked as （已加密）). Each result is marshalled
// whole, so a field added later is scanned as well.
func TestNoReadPathReturnsASealedValue(t *testing.T) {
	db, ctx := counterDB(t)
	lic := permitOrCatalog(t, db, permit.Code)
	applicant := hall.Applicant{Kind: hall.NaturalPerson, Name: "张喆", IDType: hall.IDResidentCard,
		IDNumber: applicantID, Phone: "13812345678", Address: "清河县人民路1号", Sex: "女", BirthDate: "1949-12-31",
		ContactName: "王坤", ContactPhone: "13900001111"}
	form := json.RawMessage(`{"spouse_id":"11010519500101003X","spouse_phone":"13712345678","note":"无"}`)
	draft := testDraft("d-sealed", "张喆")
	ab, _ := json.Marshal(applicant)
	draft.Applicant, draft.Form, draft.ItemCode = ab, form, lic.Code
	open := testDraft("d-open", "张喆")
	open.Applicant, open.Form, open.ItemCode = ab, form, lic.Code
	for _, d := range []*hall.Draft{draft, open} {
		if err := db.Drafts().SaveDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if raw := rows(t, db, "SELECT count(*) FROM drafts WHERE doc LIKE '%#sm4:%'"); raw != 2 {
		t.Fatalf("the draft is not sealed at rest (%d)", raw)
	}

	c := &hall.Case{ItemCode: lic.Code, ItemName: lic.Name, Department: lic.Department, Applicant: applicant, Form: form,
		Materials: []hall.CaseMaterial{{Name: "营业执照", Originals: 1}, {Name: "健康证明", Copies: 1}}}
	dec := hall.Decision{Item: lic, Hall: hall.HallInfo{Name: "清河县政务服务中心"}}
	scan := func(path string, v any) {
		t.Helper()
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if i := strings.Index(string(b), secure.Prefix); i >= 0 {
			t.Errorf("%s returns a sealed value: …%.80s", path, b[max(0, i-40):])
		}
	}
	got, evs, err := db.Drafts().Submit(ctx, hall.Submission{Case: c, Received: dec.Receipt, DraftID: draft.ID})
	if err != nil {
		t.Fatal(err)
	}
	scan("Drafts.Submit", []any{got, evs})
	if got.Applicant.BirthDate == "" || got.Applicant.BirthDate == applicant.BirthDate {
		t.Errorf("the birth date comes back %q, want it masked", got.Applicant.BirthDate)
	}
	acc := hall.Decision{Action: hall.ActAccept, Item: lic, Hall: dec.Hall}
	got, evs, err = db.Cases().Transition(ctx, got.ID, acc.Later())
	if err != nil {
		t.Fatal(err)
	}
	scan("Cases.Transition", []any{got, evs})
	reads := func(who string, ctx context.Context) {
		t.Helper()
		c, evs, err := db.Cases().Case(ctx, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		scan(who+" Cases.Case", []any{c, evs})
		list, err := db.Cases().ListCases(ctx, hall.CaseFilter{})
		if err != nil || len(list) == 0 {
			t.Fatalf("ListCases: %d %v", len(list), err)
		}
		scan(who+" Cases.ListCases", list)
		drafts, err := db.Drafts().ListDrafts(ctx, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(drafts) == 0 {
			t.Fatal("ListDrafts lists no draft")
		}
		scan(who+" Drafts.ListDrafts", drafts)
	}
	reads("logged in:", ctx)
	d, schema, err := db.Drafts().Draft(ctx, open.ID)
	if err != nil {
		t.Fatal(err)
	}
	scan("Drafts.Draft", []any{d, schema})
	db.Users().Logout(ctx)
	reads("locked:", hall.AsDesk(context.Background()))
	if d, schema, err := db.Drafts().Draft(hall.AsDesk(context.Background()), open.ID); err == nil {
		scan("locked: Drafts.Draft", []any{d, schema})
	}
}
