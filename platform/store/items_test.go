package store

import (
	"context"
	"testing"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// TestFeedItemsFollowTheCatalog: the feed names a case's item and its
// limits as the platform's catalog has them at the push, the case's own
// item name when the catalog has none, and a catalog published again is
// what the next push's page says (the instance remembers items by the
// number of their change, never past a newer one).
func TestFeedItemsFollowTheCatalog(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	const code = "000104001001" // caseOps's item, 出生登记
	item := func(t *testing.T, no string) protocol.SupItem {
		t.Helper()
		page, err := s.SubtreeFeed(ctx, "341122", "", 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Cases {
			if c.No == no {
				return page.Items[c.Item]
			}
		}
		t.Fatalf("case %s not in the feed (%d cases)", no, len(page.Cases))
		return protocol.SupItem{}
	}
	push := func(id, no string) {
		t.Helper()
		rs, err := s.ApplyBatch(ctx, d, caseOps(t, id, no, "11010519491231002X"))
		if err != nil || codes(rs) != "applied,applied" {
			t.Fatalf("push %s: %s %v", id, codes(rs), err)
		}
	}
	push("c1", "341122-20261123-07-0001")
	if got := item(t, "341122-20261123-07-0001"); got != (protocol.SupItem{Name: "出生登记"}) {
		t.Errorf("no catalog: %+v, want the case's item name and no limits", got)
	}
	publish := func(name string, promise, legal int) {
		t.Helper()
		err := s.PublishItems(ctx, []hall.Item{{Code: code, TaskCode: code, Name: name, Type: "07", Department: "清河县公安局",
			PromiseLimit: hall.Limit{Days: promise, Unit: hall.WorkingDays}, LegalLimit: hall.Limit{Days: legal, Unit: hall.NaturalDays}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	publish("出生登记（新生儿入户）", 5, 20)
	push("c2", "341122-20261123-07-0002")
	want := protocol.SupItem{Name: "出生登记（新生儿入户）", PromiseDays: 5, PromiseUnit: "工作日", LegalDays: 20, LegalUnit: "自然日"}
	if got := item(t, "341122-20261123-07-0002"); got != want {
		t.Errorf("after the catalog: %+v, want %+v", got, want)
	}
	// Remembered at its number: a push that finds nothing new writes
	// nothing; the next version of the item is read again.
	push("c3", "341122-20261123-07-0003")
	publish("出生登记", 3, 15)
	push("c4", "341122-20261123-07-0004")
	want = protocol.SupItem{Name: "出生登记", PromiseDays: 3, PromiseUnit: "工作日", LegalDays: 15, LegalUnit: "自然日"}
	if got := item(t, "341122-20261123-07-0004"); got != want {
		t.Errorf("after the catalog changed: %+v, want %+v", got, want)
	}
	// Another instance's view (a store opened fresh remembers nothing)
	// agrees.
	s.items = catalogItems{}
	push("c5", "341122-20261123-07-0005")
	if got := item(t, "341122-20261123-07-0005"); got != want {
		t.Errorf("remembering nothing: %+v, want %+v", got, want)
	}
}
