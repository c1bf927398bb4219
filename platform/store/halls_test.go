package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// TestHallTreeWalksParentsNeverPrefixes: levels go down the tree, no hall
// becomes its own ancestor, the subtree follows the parent links (a hall
// whose code starts with the county's but hangs elsewhere is not in it),
// and a desk's hall met first at desk add joins the tree unplaced.
func TestHallTreeWalksParentsNeverPrefixes(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t) // desk 07 of 341122 enrolled: its hall is in the tree, unplaced
	halls, err := s.Halls(ctx)
	if err != nil || len(halls) != 1 || halls[0].Code != "341122" || halls[0].Level != "" {
		t.Fatalf("halls after desk add: %+v, %v", halls, err)
	}
	for _, h := range []Hall{{Code: "340000", Name: "安徽省", Level: "省"}, {Code: "341100", Name: "滁州市", Level: "市", Parent: "340000"},
		{Code: "341122", Name: "清河县政务服务中心", Level: "县", Parent: "341100"},
		{Code: "341122100", Name: "清河镇", Level: "乡镇", Parent: "341122"},
		{Code: "341122100001", Name: "清河村", Level: "村", Parent: "341122100"},
		{Code: "341122900", Name: "邻县飞地", Level: "县", Parent: "341100"}} {
		if err := s.AddHall(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []struct {
		h    Hall
		want string
	}{{Hall{Code: "341122200", Name: "x", Level: "县", Parent: "341122"}, "须高于"},
		{Hall{Code: "341100", Name: "x", Level: "市", Parent: "341122100001"}, "须高于"},
		{Hall{Code: "341122", Name: "x", Level: "村", Parent: "341122100"}, "不能成为自己的下级"},
		{Hall{Code: "341122300", Name: "x", Level: "乡镇", Parent: "999999"}, "不存在"},
		{Hall{Code: "341122300", Name: "x", Level: "乡镇"}, "只有省级"},
		{Hall{Code: "3411", Name: "x", Level: "省"}, "6至12位"},
		{Hall{Code: "341122300", Name: "x", Level: "区"}, "层级"}} {
		if err := s.AddHall(ctx, bad.h); !strings.Contains(hall.ErrorMessage(err), bad.want) {
			t.Errorf("%+v: %v, want …%s…", bad.h, err, bad.want)
		}
	}
	sub, err := s.Subtree(ctx, "341122")
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, h := range sub {
		codes = append(codes, h.Code)
	}
	if got := strings.Join(codes, ","); got != "341122,341122100,341122100001" {
		t.Errorf("subtree of 341122: %s", got)
	}
}

// TestScopeNeedsAGrantAndTheDesksHall: the feed goes to an active
// supervisor of the asking desk's hall with a scope at or below it, and to
// nobody else; rows carry no personal data.
func TestScopeNeedsAGrantAndTheDesksHall(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	for _, h := range []Hall{{Code: "340000", Name: "安徽省", Level: "省"},
		{Code: "341122", Name: "清河县政务服务中心", Level: "县", Parent: "340000"},
		{Code: "341122100", Name: "清河镇", Level: "乡镇", Parent: "341122"}} {
		if err := s.AddHall(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []hall.PlatformUser{{ID: "s1", Name: "王监督", Hall: "341122", Role: "监督人员", Active: true},
		{ID: "s2", Name: "李监督", Hall: "341122", Role: "supervisor", Active: false},
		{ID: "c1", Name: "张窗口", Hall: "341122", Role: "窗口人员", Active: true},
		{ID: "a9", Name: "省管理", Hall: "340000", Role: "管理员", Active: true}} {
		if err := s.PublishUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Scope(ctx, d, "s1"); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("no grant yet: %v", err)
	}
	if err := s.Grant(ctx, "c1", "341122"); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("a clerk granted: %v", err)
	}
	if err := s.Grant(ctx, "s1", "340000"); hall.ErrorCode(err) != hall.EForbidden {
		t.Errorf("a county supervisor granted the province: %v", err)
	}
	for _, g := range [][2]string{{"s1", "341122"}, {"s2", "341122"}, {"a9", "340000"}} {
		if err := s.Grant(ctx, g[0], g[1]); err != nil {
			t.Fatal(err)
		}
	}
	if root, err := s.Scope(ctx, d, "s1"); err != nil || root != "341122" {
		t.Errorf("s1: %q %v", root, err)
	}
	for _, u := range []string{"s2", "c1", "a9", "", "nobody"} { // inactive, clerk, another hall's, none, unknown
		if _, err := s.Scope(ctx, d, u); hall.ErrorCode(err) != hall.EForbidden {
			t.Errorf("%q: %v, want forbidden", u, err)
		}
	}
	// One case pushed: its feed row has no applicant field.
	rs, err := s.ApplyBatch(ctx, d, caseOps(t, "c1", "341122-20261123-07-0001", "11010519491231002X"))
	if err != nil || codes(rs) != "applied,applied" {
		t.Fatalf("push: %s %v", codes(rs), err)
	}
	page, err := s.Supervision(ctx, d, protocol.SupervisionRequest{User: "s1"})
	if err != nil || len(page.Cases) != 1 || page.Cases[0].No != "341122-20261123-07-0001" || len(page.Cases[0].Events) != 2 {
		t.Fatalf("page: %+v, %v", page, err)
	}
	raw, _ := json.Marshal(page)
	for _, secret := range []string{"王喆", "11010519491231002X", "applicant"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("the feed carries %q", secret)
		}
	}
	// The cursor stands after the row; nothing more until the case moves.
	next, err := s.Supervision(ctx, d, protocol.SupervisionRequest{User: "s1", Cursor: page.Cursor})
	if err != nil || len(next.Cases) != 0 {
		t.Errorf("after the cursor: %d cases, %v", len(next.Cases), err)
	}
}
