package sqlite

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"unicode"

	"yichuang/catalog/catalogio"
	"yichuang/hall"
)

// BenchmarkSearch100k compares, on a province-sized catalog, the search the
// app uses (the in-memory index) with the two SQL paths it replaced: a
// LIKE scan, and FTS5's trigram tokenizer, which serves three characters
// and more but finds nothing for two. Each SQL path reads every match, as
// ranking them needs to. Run:
//
//	go test ./store/sqlite -run '^$' -bench Search100k -benchtime 300x
//
// Building the catalog takes a minute; docs/adr/0004 has the figures.
func BenchmarkSearch100k(b *testing.B) {
	ctx := hall.AsDesk(context.Background())
	db, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	items := catalogio.Synthetic(100000, 1)
	if _, err := db.Catalog().ImportCatalog(ctx, items, hall.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	if _, err := db.write.Exec(`CREATE VIRTUAL TABLE bench_fts USING fts5(name, tokenize = 'trigram')`); err != nil {
		b.Fatal(err)
	}
	if _, err := db.write.Exec(`INSERT INTO bench_fts (rowid, name) SELECT rowid, name FROM items`); err != nil {
		b.Fatal(err)
	}
	db.Catalog().Search(ctx, hall.SearchQuery{Text: "登记"}) // build the index outside the timings
	queries := func(n int) []string {
		rng := rand.New(rand.NewPCG(3, uint64(n)))
		var out []string
		for len(out) < 200 {
			r := []rune(items[rng.IntN(len(items))].Name)
			if len(r) < n {
				continue
			}
			i := rng.IntN(len(r) - n + 1)
			ok := true
			for _, c := range r[i : i+n] {
				ok = ok && unicode.Is(unicode.Han, c)
			}
			if ok {
				out = append(out, string(r[i:i+n]))
			}
		}
		return out
	}
	for _, n := range []int{2, 3, 6} {
		qs := queries(n)
		name := string(rune('0' + n))
		b.Run("index/"+name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := db.Catalog().Search(ctx, hall.SearchQuery{Text: qs[i%len(qs)], Limit: 50}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("like/"+name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				rows, err := db.read.Query(`SELECT code, name FROM item_search WHERE name LIKE '%' || ? || '%'`, qs[i%len(qs)])
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
				}
				rows.Close()
			}
		})
		b.Run("fts5trigram/"+name, func(b *testing.B) {
			found := 0
			for i := 0; i < b.N; i++ {
				rows, err := db.read.Query(`SELECT rowid FROM bench_fts WHERE bench_fts MATCH ?`, `"`+qs[i%len(qs)]+`"`)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
					found++
				}
				rows.Close()
			}
			b.ReportMetric(float64(found)/float64(b.N), "rows/op")
		})
	}
}
