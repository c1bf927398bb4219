package sqlite

import (
	"context"
	"strings"
	"testing"

	"yichuang/hall"
)

// searchFixture is a small catalog with the shapes that matter: the same
// item in three counties, names that contain each other, a withdrawn
// entry, a department and a result name that hold query words. It applies
// no alias table (a database has none until the desk hands it one): these
// tests are of the engine's own ranks (catalog/search/aliases_test.go tests
// the bundled table).
func searchFixture(t *testing.T) *Catalog {
	t.Helper()
	db := openTest(t)
	items := []hall.Item{
		item("婚姻登记", "来安县民政局", "341122", "000104002000"),
		item("婚姻登记", "全椒县民政局", "341124", "000104002000"),
		item("婚姻登记", "瑶海区民政局", "340102", "000104002000"),
		item("婚姻登记档案查询", "来安县民政局", "341122", "000104002100"),
		item("内地居民结婚登记", "来安县民政局", "341122", "000104002200"),
		item("银行业金融机构设立审批", "来安县金融办", "341122", "000199000100"),
		item("出生登记", "来安县公安局", "341122", "000104001001"),
		item("养犬登记", "来安县公安局", "341122", "000104001014"),
		item("临时救助", "来安县民政局", "341122", "000105000300"),
		item("居民身份证换领", "来安县公安局", "341122", "000104001200"),
	}
	items[6].ResultName = "居民户口簿"
	items[9].Type = hall.TypePublicService
	items[7].Status = hall.ItemWithdrawn
	if _, err := db.Catalog().ImportCatalog(hall.AsDesk(context.Background()), items, hall.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return db.Catalog()
}

func searchFor(t *testing.T, c *Catalog, q hall.SearchQuery) hall.SearchResult {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 50
	}
	r, err := c.Search(hall.AsDesk(context.Background()), q)
	if err != nil {
		t.Fatalf("search %q: %v", q.Text, err)
	}
	return r
}

func names(r hall.SearchResult) string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Name)
	}
	return strings.Join(out, ",")
}

func TestSearchRanksExactThenPrefixThenSubstringThenPinyinThenOther(t *testing.T) {
	c := searchFixture(t)
	r := searchFor(t, c, hall.SearchQuery{Text: "婚姻登记", Near: "341122"})
	// The desk's county first (what this window takes in), by kind of
	// match within it; then its prefecture, then the rest.
	if names(r) != "婚姻登记,婚姻登记档案查询,婚姻登记,婚姻登记" {
		t.Fatalf("婚姻登记 → %s", names(r))
	}
	if r.Hits[0].Match != hall.MatchExactName || r.Hits[1].Match != hall.MatchNamePrefix || r.Hits[0].MatchField != "名称" {
		t.Errorf("match kinds: %+v", r.Hits)
	}
	// Variants of one item: the desk's county first, then its prefecture,
	// then the rest; each says which department it is.
	if r.Hits[0].Department != "来安县民政局" || r.Hits[2].Department != "全椒县民政局" || r.Hits[3].Department != "瑶海区民政局" {
		t.Errorf("variants by distance from 341122: %s, %s, %s", r.Hits[0].Department, r.Hits[2].Department, r.Hits[3].Department)
	}
	// Two characters: what FTS5 trigram cannot serve.
	r = searchFor(t, c, hall.SearchQuery{Text: "登记", Near: "341122"})
	if r.Total != 7 || r.Hits[0].Name != "出生登记" || r.Hits[len(r.Hits)-1].Name != "养犬登记" {
		t.Errorf("登记 → %d: %s (shorter names first, the withdrawn 养犬登记 last)", r.Total, names(r))
	}
	r = searchFor(t, c, hall.SearchQuery{Text: "民政", Near: "341122"})
	if r.Total != 6 || r.Hits[0].Match != hall.MatchOther || r.Hits[0].MatchField != "实施部门" {
		t.Errorf("民政 → %d %+v", r.Total, r.Hits)
	}
	if r = searchFor(t, c, hall.SearchQuery{Text: "户口簿"}); r.Total != 1 || r.Hits[0].MatchField != "办理结果" {
		t.Errorf("户口簿 → %+v", r)
	}
	// One character: the name that holds it, then the result names (…证明).
	if r = searchFor(t, c, hall.SearchQuery{Text: "证"}); r.Hits[0].Name != "居民身份证换领" || r.Hits[1].MatchField != "办理结果" {
		t.Errorf("one character → %s", names(r))
	}
}

func TestSearchByPinyinAndCode(t *testing.T) {
	c := searchFixture(t)
	for _, tc := range []struct{ q, first, field string }{
		{"hydj", "婚姻登记", "拼音首字母"},
		{"hunyin", "婚姻登记", "拼音"},
		{"HunYinDengJi", "婚姻登记", "拼音"},
		{"ｈｙｄｊ", "婚姻登记", "拼音首字母"}, // full-width, as some IMEs type
		{"dengji", "出生登记", "拼音"},
		{"yinhang", "银行业金融机构设立审批", "拼音"}, // 行 read hang, not xing
		{"lsjz", "临时救助", "拼音首字母"},
		{"000104002", "婚姻登记", "基本编码"},
		{"113411220030000001", "出生登记", "实施编码"},
	} {
		r := searchFor(t, c, hall.SearchQuery{Text: tc.q, Near: "341122"})
		if r.Total == 0 || r.Hits[0].Name != tc.first || r.Hits[0].MatchField != tc.field {
			t.Errorf("%q → %s (%+v)", tc.q, names(r), r.Hits)
		}
	}
	r := searchFor(t, c, hall.SearchQuery{Text: "000104002000"})
	if r.Total != 3 || r.Hits[0].Match != hall.MatchExactCode {
		t.Errorf("exact 基本编码 → %d %+v", r.Total, r.Hits)
	}
	if r := searchFor(t, c, hall.SearchQuery{Text: "ind"}); r.Total != 0 {
		t.Errorf("pinyin across a syllable (hun|yin|d…) matched: %s", names(r))
	}
}

func TestSearchFiltersPagesAndMultipleWords(t *testing.T) {
	c := searchFixture(t)
	r := searchFor(t, c, hall.SearchQuery{Text: "登记", Department: "来安县公安局"})
	if names(r) != "出生登记,养犬登记" {
		t.Errorf("department filter → %s", names(r))
	}
	if r = searchFor(t, c, hall.SearchQuery{Type: hall.TypePublicService}); names(r) != "居民身份证换领" {
		t.Errorf("type filter, no text → %s", names(r))
	}
	if r = searchFor(t, c, hall.SearchQuery{}); r.Total != 10 || r.Hits[0].Department != "全椒县民政局" || r.Hits[0].Match != hall.MatchNone {
		t.Errorf("no text lists the catalog in department order: %d %+v", r.Total, r.Hits[0])
	}
	all := searchFor(t, c, hall.SearchQuery{Text: "登记", Near: "341122"})
	var paged []string
	for off := 0; off < all.Total; off += 3 {
		p := searchFor(t, c, hall.SearchQuery{Text: "登记", Near: "341122", Offset: off, Limit: 3})
		paged = append(paged, names(p))
	}
	if strings.Join(paged, ",") != names(all) {
		t.Errorf("pages %v differ from one list %s", paged, names(all))
	}
	if r = searchFor(t, c, hall.SearchQuery{Text: "婚姻 全椒"}); names(r) != "婚姻登记" || r.Hits[0].Department != "全椒县民政局" {
		t.Errorf("two words narrow: %s", names(r))
	}
}

func TestSearchTakesAnyTextAsText(t *testing.T) {
	c := searchFixture(t)
	for _, q := range []string{`"`, `*`, `婚姻" OR "1"="1`, `NEAR(婚姻 登记)`, `婚姻 AND 登记`, `%`, `_`, `'; DROP TABLE items; --`,
		"\x00\xff", "！@#￥%……&*（）", strings.Repeat("婚", 10000), strings.Repeat("a", 10000)} {
		r, err := c.Search(hall.AsDesk(context.Background()), hall.SearchQuery{Text: q})
		if err != nil {
			t.Errorf("%.20q: %v", q, err)
		}
		if r.Total > 0 && q != `婚姻 AND 登记` && q != `NEAR(婚姻 登记)` {
			t.Errorf("%.20q found %d entries", q, r.Total)
		}
	}
	if n, _ := c.CountItems(hall.AsDesk(context.Background())); n != 10 {
		t.Errorf("catalog has %d entries after odd queries", n)
	}
}

func TestSearchSeesImportsAndOldRows(t *testing.T) {
	c := searchFixture(t)
	ctx := hall.AsDesk(context.Background())
	searchFor(t, c, hall.SearchQuery{Text: "登记"}) // builds the index
	c.ImportCatalog(ctx, []hall.Item{item("收养登记", "来安县民政局", "341122", "000104003000")}, hall.ImportOptions{})
	if r := searchFor(t, c, hall.SearchQuery{Text: "收养"}); r.Total != 1 {
		t.Errorf("an entry imported after the index was built is not found")
	}
	// An entry stored before migration 0002 has no search keys: the index
	// computes them.
	c.db.write.Exec("DELETE FROM item_search WHERE name = '临时救助'")
	c.db.write.Exec("UPDATE catalog_state SET revision = revision + 1")
	if r := searchFor(t, c, hall.SearchQuery{Text: "lsjz"}); r.Total != 1 || r.Hits[0].Name != "临时救助" {
		t.Errorf("an entry without search keys: %+v", r)
	}
}
