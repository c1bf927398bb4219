package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"yichuang/hall"
)

// percentiles reports p50 and p99 of ds in milliseconds.
func percentiles(b *testing.B, ds []time.Duration, name string) {
	slices.Sort(ds)
	at := func(p float64) float64 { return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.50), name+"-p50-ms")
	b.ReportMetric(at(0.99), name+"-p99-ms")
}

// BenchmarkAcceptToPDF measures what the clerk waits for after 受理 on a
// valid application: checks, the transaction (case, two events, two outbox
// entries, due dates, draft closed) and the receipt written as PDF.
//
//	go test -tags migrated_fynedo -run '^$' -bench AcceptToPDF -benchtime 30x ./app/ui/
func BenchmarkAcceptToPDF(b *testing.B) {
	f := reopenFixture(b, b.TempDir())
	var took []time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		p := f.openIntake(b, dibao)
		fillDibao(b, p)
		b.StartTimer()
		start := time.Now()
		test.Tap(p.accept)
		took = append(took, time.Since(start))
		if p.last == nil || p.last.PDF == "" || p.view != nil {
			b.Fatalf("no receipt: %q", p.msg.Text)
		}
	}
	percentiles(b, took, "accept-to-pdf")
}

// BenchmarkDraftSave100Fields types into a 100-field form and measures a
// keystroke (checks, show_if, the snapshot taken on the UI goroutine) and a
// save of the whole draft to disk (Ctrl+S: snapshot and one transaction).
//
//	go test -tags migrated_fynedo -run '^$' -bench DraftSave100Fields -benchtime 300x ./app/ui/
func BenchmarkDraftSave100Fields(b *testing.B) {
	f := reopenFixture(b, b.TempDir())
	ctx := hall.AsDesk(context.Background())
	it, err := f.desk.DB.Catalog().Item(ctx, dibao)
	if err != nil {
		b.Fatal(err)
	}
	var fields []string
	for i := range 100 {
		typ := []string{"text", "number", "date", "id_number", "phone", "address", "textarea"}[i%7]
		fields = append(fields, fmt.Sprintf(`{"key":"f%03d","label":"字段%d","type":%q,"required":true}`, i, i, typ))
	}
	it.Code, it.TaskCode, it.Name = "000107011099", it.TaskCode[:len(it.TaskCode)-3]+"099", "百字段测试事项"
	it.Form = json.RawMessage(`{"version":1,"fields":[` + strings.Join(fields, ",") + `]}`)
	if _, err := f.desk.DB.Catalog().ImportItems(ctx, []hall.Item{*it}); err != nil {
		b.Fatal(err)
	}
	p := f.openIntake(b, it.Code)
	for i := range 100 {
		p.form.Set(fmt.Sprintf("f%03d", i), "已填写的内容")
	}
	var keys, saves []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fld := p.form.Field(fmt.Sprintf("f%03d", i%100))
		start := time.Now()
		test.Type(fld, "字")
		keys = append(keys, time.Since(start))
		start = time.Now()
		p.saveNow()
		saves = append(saves, time.Since(start))
	}
	b.StopTimer()
	percentiles(b, keys, "keystroke")
	percentiles(b, saves, "save")
	d, _, _ := f.desk.DB.Drafts().Draft(ctx, p.draft.ID)
	b.ReportMetric(float64(len(d.Form)), "form-bytes")
}
