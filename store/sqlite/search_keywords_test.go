package sqlite

import (
	"context"
	"slices"
	"strings"
	"testing"

	"yichuang/hall"
)

func TestKeywordsSurviveImportAndCountAsAChange(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	it := item("出生登记", "甲县公安局", "341122", "000104001001")
	if _, err := db.Catalog().ImportCatalog(ctx, []hall.Item{it}, hall.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	it.Keywords = []string{"报户口"}
	res, err := db.Catalog().ImportCatalog(ctx, []hall.Item{it}, hall.ImportOptions{})
	if err != nil || res.Updated != 1 {
		t.Fatalf("adding a keyword: %+v, %v", res, err)
	}
	got, err := db.Catalog().Item(ctx, it.Code)
	if err != nil || len(got.Keywords) != 1 || got.Keywords[0] != "报户口" {
		t.Fatalf("stored keywords %v, %v", got.Keywords, err)
	}
	hist, err := db.Catalog().History(ctx, it.Code)
	if err != nil || len(hist) < 2 || !slices.Contains(hist[0].Fields, "关键词") {
		t.Errorf("history %+v, %v: the change names 关键词", hist, err)
	}
	if r := searchFor(t, db.Catalog(), hall.SearchQuery{Text: "报户口"}); names(r) != "出生登记" {
		t.Errorf("报户口 → %s", names(r))
	}
	it.Keywords = []string{strings.Repeat("长", 21)}
	if _, err := db.Catalog().ImportCatalog(ctx, []hall.Item{it}, hall.ImportOptions{}); err == nil ||
		!strings.Contains(err.Error(), "关键词") {
		t.Errorf("a 21-character keyword: %v", err)
	}
}

// TestAliasTableReachesTheSearch: the table a desk hands the database is
// applied to the entries it stores, and the guide is told which words of it
// find an entry.
func TestAliasTableReachesTheSearch(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	it := item("城乡居民基本医疗保险参保登记", "甲县医疗保障局", "341122", "000140001002")
	if _, err := db.Catalog().ImportCatalog(ctx, []hall.Item{it}, hall.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if r := searchFor(t, db.Catalog(), hall.SearchQuery{Text: "新农合"}); r.Total != 0 {
		t.Fatalf("with no table 新农合 → %s", names(r))
	}
	db.UseAliases([]hall.Alias{{Word: "新农合", Terms: []string{"城乡居民基本医疗保险"}, Source: "测试"}})
	r := searchFor(t, db.Catalog(), hall.SearchQuery{Text: "新农合"})
	if names(r) != it.Name || r.Hits[0].Match != hall.MatchKeyword {
		t.Errorf("新农合 → %s", names(r))
	}
	if w := db.Catalog().AliasWordsOf(&it); !slices.Equal(w, []string{"新农合"}) {
		t.Errorf("the guide's alias words: %v", w)
	}
}
