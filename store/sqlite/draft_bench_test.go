package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
)

// BenchmarkDraftSave100Fields saves a draft of a 100-field form as the
// clerk types (one field grows each save) and reports the latency
// percentiles of a save: one transaction, synchronous=FULL.
//
//	go test -run '^$' -bench DraftSave100Fields -benchtime 2000x ./store/sqlite/
func BenchmarkDraftSave100Fields(b *testing.B) {
	db, err := Open(hall.AsDesk(context.Background()), filepath.Join(b.TempDir(), "bench.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := hall.AsDesk(context.Background())
	values := map[string]string{}
	var fields []string
	for i := range 100 {
		key := fmt.Sprintf("f%03d", i)
		values[key] = strings.Repeat("申请内容", 5)
		fields = append(fields, fmt.Sprintf(`{"key":%q,"label":"字段%d","type":"text"}`, key, i))
	}
	schema := json.RawMessage(`{"version":1,"fields":[` + strings.Join(fields, ",") + `]}`)
	d := &hall.Draft{ID: NewID(), ItemCode: "000104002000", ItemName: "内地居民结婚登记", SchemaVersion: 1,
		Title: "张喆", Applicant: json.RawMessage(`{"name":"张喆","id_number":"11010519491231002X"}`), Schema: schema}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		values[fmt.Sprintf("f%03d", i%100)] += "字"
		d.Form, _ = json.Marshal(values)
		start := time.Now()
		if err := db.Drafts().SaveDraft(ctx, d); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(len(d.Form)), "form-bytes")
}
