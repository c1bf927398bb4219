package sqlite

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"yichuang/catalogio"
	"yichuang/hall"
)

// BenchmarkEverydayQueries100k runs the everyday query set on a province:
// the demo county's catalog with 100,000 synthetic entries beside it, the
// bundled alias table applied to all. It reports the p99 of a query and
// how many of the set still find their entry in the first three among a
// hundred counties' variants. Run:
//
//	go test ./store/sqlite -run '^$' -bench EverydayQueries100k -benchtime 20x
func BenchmarkEverydayQueries100k(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Catalog().ImportCatalog(ctx, catalogio.Synthetic(100000, 1), hall.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Catalog().ImportCatalog(ctx, demoItems(), hall.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	c := db.Catalog()
	c.Search(ctx, hall.SearchQuery{Text: "登记"}) // build the index outside the timings
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, e := range everydayQueries {
			t := time.Now()
			if _, err := c.Search(ctx, hall.SearchQuery{Text: e.text, Near: "341122", Limit: 50}); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t))
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	top3 := 0
	for _, e := range everydayQueries {
		if e.rankOf(b, c, 3) > 0 {
			top3++
		}
	}
	b.ReportMetric(100*float64(top3)/float64(len(everydayQueries)), "top3-%")
}
