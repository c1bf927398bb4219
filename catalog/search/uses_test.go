package search

import (
	"context"
	"testing"

	"yichuang/hall"
)

// TestUsesBreakTiesOnly: the desk's counts of use order entries found
// equally well, and only those: a better match, or the desk's county,
// still comes first however often the other was used.
func TestUsesBreakTiesOnly(t *testing.T) {
	mk := func(code, name, region string) hall.Item {
		return hall.Item{Code: code, TaskCode: "11" + region + "0031326581" + code, Name: name, Department: "民政局", Type: hall.TypeBenefit}
	}
	c := newCatalog([]hall.Item{
		mk("000000000001", "临时救助申请", "341122"),
		mk("000000000002", "临时救助审批", "341122"),
		mk("000000000003", "临时救助", "341122"),
		mk("000000000004", "临时救助给付", "341124"),
	}, nil)
	order := func() []string {
		r, err := c.Search(context.Background(), hall.SearchQuery{Text: "临时救助", Near: "341122", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range r.Hits {
			out = append(out, h.Code[11:])
		}
		return out
	}
	if got := order(); got[0] != "3" || got[1] != "2" || got[2] != "1" || got[3] != "4" {
		t.Fatalf("before any use: %v (exact name, then the two prefixes in browse order, then the other county)", got)
	}
	uses := map[string]int{"000000000001": 3, "000000000004": 50}
	if err := c.g.UseCounts(1, func() (map[string]int, error) { return uses, nil }); err != nil {
		t.Fatal(err)
	}
	if got := order(); got[0] != "3" || got[1] != "1" || got[2] != "2" || got[3] != "4" {
		t.Errorf("after uses: %v; want 申请 (3 uses) before 审批, the exact name still first, the other county still last", got)
	}
	// Counts are read again only when their version moves.
	calls := 0
	load := func() (map[string]int, error) { calls++; return map[string]int{"000000000002": 9}, nil }
	c.g.UseCounts(1, load)
	if calls != 0 || order()[1] != "1" {
		t.Error("counts reloaded without a new version")
	}
	c.g.UseCounts(2, load)
	if calls != 1 || order()[1] != "2" {
		t.Errorf("new counts (version 2) not applied: %v", order())
	}
	if useLevel(1) == useLevel(2) || useLevel(3) == useLevel(5) || useLevel(100000) != useLevels || useLevel(0) != 0 {
		t.Error("use levels: 1, 2, 3 and 5 must differ; a huge count is capped")
	}
}
