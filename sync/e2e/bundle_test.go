package e2e

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/testsupport/desks"
)

// TestBundleSyncsBothWays: a bundle (一件事) the platform publishes reaches
// the desk like any entry and is found there marked as one; an intake of
// it opens linked cases that the platform accepts, each case's view over
// HTTP listing all of them.
func TestBundleSyncsBothWays(t *testing.T) {
	ctx := hall.AsDesk(context.Background())
	p := startPlatform(t)
	k := newDesk(t, p, "23")
	link := weakLink(t, p, 256<<10, 5*time.Millisecond)
	s := k.syncer(link.URL(), 5*time.Second)

	// The platform publishes a bundle of three demo items the desk holds.
	retire, err := k.d.DB.Catalog().Item(ctx, "YJS341122003")
	if err != nil {
		t.Fatal(err)
	}
	b := *retire
	b.Code, b.TaskCode, b.HandleCode, b.Name = "YJS341122099", "11341122MB1G40210X1YJS341122099", "", "企业职工退休一件事"
	b.Keywords = []string{"职工退休"}
	b.Members = []string{"000111003000", "000143005000", "000111011000"}
	if err := p.st.PublishItems(ctx, []hall.Item{b}); err != nil {
		t.Fatal(err)
	}
	k.syncUntilDone(s, 30*time.Second)
	got, err := k.d.DB.Catalog().Item(ctx, b.Code)
	if err != nil || !got.IsBundle() || len(got.Members) != 3 || got.Members[2] != "000111011000" {
		t.Fatalf("the platform's bundle at the desk: %+v, %v", got, err)
	}
	r, err := k.d.DB.Catalog().Search(ctx, hall.SearchQuery{Text: "职工退休", Near: "341122", Limit: 3})
	if err != nil || r.Total == 0 || r.Hits[0].Code != b.Code || !r.Hits[0].Bundle {
		t.Fatalf("职工退休 at the desk: %+v, %v", r, err)
	}

	// An intake of it at the desk: three linked cases in one transaction.
	cases, _ := desks.BundleAccepted(t, ctx, k.d, b.Code)
	k.syncUntilDone(s, 30*time.Second)
	checkSynced(t, k, p)
	client := k.client(p.url())
	for i, c := range cases {
		v, err := client.Case(ctx, c.No)
		if err != nil {
			t.Fatalf("case %s on the platform: %v", c.No, err)
		}
		if len(v.Bundle) != 3 {
			t.Fatalf("case %s: the view lists %d linked cases, want 3", c.No, len(v.Bundle))
		}
		for j, bc := range v.Bundle {
			if bc.No != cases[j].No || bc.Part != j+1 || bc.Of != 3 || bc.BundleCode != b.Code ||
				bc.ItemCode != b.Members[j] || bc.State != string(hall.StateAccepted) {
				t.Errorf("case %d's view, linked case %d: %+v", i+1, j+1, bc)
			}
		}
		var pc hall.Case
		if err := json.Unmarshal(v.Case, &pc); err != nil || pc.Bundle == nil || pc.Bundle.ID != cases[0].Bundle.ID {
			t.Errorf("the platform's case %s: link %+v, %v", c.No, pc.Bundle, err)
		}
	}
}
