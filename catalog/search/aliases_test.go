package search

import (
	"context"
	"strings"
	"testing"

	"yichuang/hall"
)

func TestBundledAliasTableParses(t *testing.T) {
	aliases, err := bundledAliases()
	if err != nil {
		t.Fatal(err)
	}
	if len(aliases) < 300 {
		t.Errorf("the bundled table has %d aliases, want at least 300", len(aliases))
	}
	for _, a := range aliases {
		if !strings.Contains(a.Source, "；") {
			t.Errorf("%s: the source %q names neither the kind of word nor the document", a.Word, a.Source)
		}
	}
}

// TestEveryAliasFindsADemoItem checks each line of the bundled table
// against the demo catalog: the word finds at least one entry, and every
// entry it finds by the alias holds one of its terms in its name or result
// name. A line whose terms no entry holds, or that finds the wrong entries,
// fails by name.
func TestEveryAliasFindsADemoItem(t *testing.T) {
	c := demoFixture(t)
	aliases, err := bundledAliases()
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]*hall.Item{}
	for i, it := range demoItems() {
		byCode[it.Code] = &demoItems()[i]
	}
	for _, a := range aliases {
		r, err := c.Search(context.Background(), hall.SearchQuery{Text: a.Word, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		viaAlias := 0
		for _, h := range r.Hits {
			if h.MatchField != "关键词" || h.MatchText != a.Word {
				continue
			}
			it := byCode[h.Code]
			if holdsAny(it.Name, a.Terms) || holdsAny(it.ResultName, a.Terms) || contains(it.Keywords, a.Word) {
				viaAlias++
				continue
			}
			t.Errorf("%s → %s: neither its name nor its result name holds %s", a.Word, it.Name, strings.Join(a.Terms, "、"))
		}
		if viaAlias == 0 {
			t.Errorf("%s (%s) finds no demo entry by the alias: %d results, none by it", a.Word, strings.Join(a.Terms, "、"), r.Total)
		}
	}
}

func holdsAny(s string, terms []string) bool {
	for _, t := range terms {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}

func TestAliasesApplyToEveryCatalogAndRankBelowTheName(t *testing.T) {
	aliases, err := bundledAliases()
	if err != nil {
		t.Fatal(err)
	}
	items := []hall.Item{
		item("城乡居民基本医疗保险参保登记", "甲县医疗保障局", "341122", "000140001002"),
		item("医保定点药店", "甲县医疗保障局", "341122", "000140001003"),
		item("出生登记", "甲县公安局", "341122", "000104001001"),
	}
	items[2].Keywords = []string{"报户口", "上户口"}
	c := newCatalog(items, aliases)
	r := search(t, c, hall.SearchQuery{Text: "医保"})
	// An exact keyword ranks just below an exact name or code, above a name
	// that merely starts with the word.
	if names(r) != "城乡居民基本医疗保险参保登记,医保定点药店" {
		t.Fatalf("医保 → %s: the exact alias first, then the name that starts with it", names(r))
	}
	if r.Hits[1].Match != hall.MatchNamePrefix {
		t.Errorf("医保定点药店 matched as %v", r.Hits[1].Match)
	}
	if h := r.Hits[0]; h.Match != hall.MatchKeyword || h.MatchField != "关键词" || h.MatchText != "医保" {
		t.Errorf("the alias hit says %v %s %s", h.Match, h.MatchField, h.MatchText)
	}
	// The entry's own keywords, and their pinyin.
	for _, q := range []string{"报户口", "户口", "shanghukou", "bhk"} {
		if r := search(t, c, hall.SearchQuery{Text: q}); names(r) != "出生登记" {
			t.Errorf("%s → %q, want 出生登记", q, names(r))
		}
	}
	// An engine given another table applies it instead.
	c.g.UseAliases([]hall.Alias{{Word: "落户", Terms: []string{"出生登记"}, Source: "测试"}})
	if r := search(t, c, hall.SearchQuery{Text: "医保"}); names(r) != "医保定点药店" {
		t.Errorf("without the bundled table 医保 → %s", names(r))
	}
	if r := search(t, c, hall.SearchQuery{Text: "落户"}); names(r) != "出生登记" {
		t.Errorf("落户 → %s", names(r))
	}
}
