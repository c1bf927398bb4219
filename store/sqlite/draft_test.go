package sqlite

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"yichuang/hall"
)

func testDraft(id, title string) *hall.Draft {
	return &hall.Draft{ID: id, ItemCode: "000104002000", ItemName: "内地居民结婚登记", SchemaVersion: 2,
		Title: title, Applicant: json.RawMessage(`{"name":"` + title + `"}`),
		Form:   json.RawMessage(`{"note":"第一次"}`),
		Schema: json.RawMessage(`{"version":2,"fields":[{"key":"note","label":"备注","type":"text"}]}`)}
}

func TestDraftSaveReplaceListSearchDiscard(t *testing.T) {
	db := openTest(t)
	ctx := hall.AsDesk(context.Background())
	s := db.Drafts()
	a, b := testDraft("d-a", "张喆"), testDraft("d-b", "李玥")
	b.ItemCode, b.ItemName = "000104001001", "出生登记"
	for _, d := range []*hall.Draft{a, b} {
		if err := s.SaveDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	a.Form = json.RawMessage(`{"note":"第二次"}`)
	if err := s.SaveDraft(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, schema, err := s.Draft(ctx, "d-a")
	if err != nil || string(got.Form) != `{"note":"第二次"}` || got.SchemaVersion != 2 {
		t.Fatalf("draft = %+v, %v", got, err)
	}
	if !strings.Contains(string(schema), `"备注"`) {
		t.Errorf("schema kept with the draft = %s", schema)
	}
	if n := count(t, db, "drafts"); n != 2 {
		t.Errorf("%d draft rows after saving one twice, want 2", n)
	}
	for q, want := range map[string]int{"": 2, "玥": 1, "出生": 1, "000104002": 1, "%": 0, "王": 0} {
		l, err := s.ListDrafts(ctx, q, 0)
		if err != nil || len(l) != want {
			t.Errorf("ListDrafts(%q) = %d drafts (%v), want %d", q, len(l), err, want)
		}
	}
	if err := s.DiscardDraft(ctx, "d-b"); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.ListDrafts(ctx, "", 0); len(l) != 1 || l[0].ID != "d-a" {
		t.Errorf("after discarding: %+v", l)
	}
	if err := s.SaveDraft(ctx, b); hall.ErrorCode(err) != hall.EConflict {
		t.Errorf("a late save of a discarded draft: %v, want a conflict", err)
	}
	if n := count(t, db, "drafts"); n != 2 {
		t.Errorf("discarding deleted the row: %d rows", n)
	}
	if _, _, err := s.Draft(ctx, "d-b"); hall.ErrorCode(err) != hall.ENotFound {
		t.Errorf("a discarded draft opens: %v", err)
	}
	if err := s.DiscardDraft(ctx, "d-b"); hall.ErrorCode(err) != hall.ENotFound {
		t.Errorf("discarding twice: %v", err)
	}
}

func TestDraftNeedsIDAndItem(t *testing.T) {
	db := openTest(t)
	err := db.Drafts().SaveDraft(hall.AsDesk(context.Background()), &hall.Draft{ID: "x"})
	if hall.ErrorCode(err) != hall.EInvalid || !strings.Contains(hall.ErrorMessage(err), "事项编码") {
		t.Errorf("err = %v", err)
	}
}
