package sqlite

import (
	"context"
	"testing"

	"yichuang/hall"
)

func draftIDs(t *testing.T, s *Drafts, ctx context.Context) map[string]string {
	t.Helper()
	l, err := s.ListDrafts(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range l {
		out[d.ID] = d.Owner
	}
	return out
}

// A draft is its starter's: another clerk neither lists, opens, saves nor
// discards it; an admin sees every draft with its owner; a draft from before
// owners is everyone's until someone opens it; a call naming nobody is
// refused.
func TestDraftsBelongToWhoStartedThem(t *testing.T) {
	db := openTest(t)
	bg := context.Background()
	a := hall.AsUser(bg, &hall.User{Name: "zhangzhe", DisplayName: "张喆", Role: hall.RoleClerk})
	b := hall.AsUser(bg, &hall.User{Name: "wangkun", DisplayName: "王堃", Role: hall.RoleClerk})
	admin := hall.AsUser(bg, &hall.User{Name: "admin", DisplayName: "管理员", Role: hall.RoleAdmin})
	s := db.Drafts()
	if err := s.SaveDraft(hall.AsDesk(bg), testDraft("d-old", "旧草稿")); err != nil { // as before owners
		t.Fatal(err)
	}
	if err := s.SaveDraft(a, testDraft("d-a", "甲某")); err != nil {
		t.Fatal(err)
	}
	if got := draftIDs(t, s, b); len(got) != 1 || got["d-old"] != "" {
		t.Fatalf("B lists %v, want only the ownerless draft", got)
	}
	if got := draftIDs(t, s, a); len(got) != 2 {
		t.Fatalf("A lists %v", got)
	}
	if got := draftIDs(t, s, admin); got["d-a"] != "zhangzhe" || len(got) != 2 {
		t.Fatalf("the admin lists %v", got)
	}
	if _, _, err := s.Draft(b, "d-a"); hall.ErrorCode(err) != hall.ENotFound {
		t.Errorf("B opens A's draft: %v", err)
	}
	if err := s.SaveDraft(b, testDraft("d-a", "乙改")); hall.ErrorCode(err) != hall.EConflict {
		t.Errorf("B overwrites A's draft: %v", err)
	}
	if err := s.DiscardDraft(b, "d-a"); hall.ErrorCode(err) != hall.ENotFound {
		t.Errorf("B discards A's draft: %v", err)
	}
	if d, _, err := s.Draft(admin, "d-a"); err != nil || d.Title != "甲某" {
		t.Errorf("the admin opens A's draft: %v", err)
	}
	// B opens the ownerless draft: now B's, gone from A's box.
	if _, _, err := s.Draft(b, "d-old"); err != nil {
		t.Fatal(err)
	}
	if got := draftIDs(t, s, a); len(got) != 1 || got["d-a"] != "zhangzhe" {
		t.Errorf("A lists %v after B opened the old draft", got)
	}
	if got := draftIDs(t, s, b); got["d-old"] != "wangkun" {
		t.Errorf("B lists %v", got)
	}
	if err := s.SaveDraft(admin, testDraft("d-a", "甲某改")); err != nil {
		t.Errorf("the admin saves A's draft: %v", err)
	}
	if got := draftIDs(t, s, admin); got["d-a"] != "zhangzhe" {
		t.Errorf("the admin's save took A's draft: %v", got)
	}
	if _, err := s.ListDrafts(bg, "", 0); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("nobody lists drafts: %v", err)
	}
	if err := s.SaveDraft(bg, testDraft("d-x", "无名")); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("nobody saves a draft: %v", err)
	}
}
