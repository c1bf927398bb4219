package desk_test

import (
	"flag"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"yichuang/catalog/catalogio"
	"yichuang/cputime"
	"yichuang/testsupport/desks"
)

// BenchmarkImportFile is `yichuang catalog import` of a province-sized
// file (the synthetic 100,000 entries) into a new desk, in each format a
// province publishes: the streamed, checked, one-transaction path
// (desk.ImportFile). It reports the process's CPU time beside the wall
// clock, which a shared machine stretches, and the CPU time of the thread
// that writes (writer-cpu-s/op: the benchmark's goroutine, locked to its
// thread, is the writer), the import's critical path on two idle cores.
// Writing the files takes a minute
// or two; a profile of the import alone:
//
//	go test -tags migrated_fynedo -run '^$' -bench ImportFile/json -benchtime 1x -cpuprofile cpu.out ./desk
//
// -import-items N makes the file smaller, for a quicker look.
func BenchmarkImportFile(b *testing.B) {
	items := catalogio.Synthetic(*importItems, 1)
	for _, ext := range []string{"json", "csv", "xlsx"} {
		b.Run(ext, func(b *testing.B) {
			file := filepath.Join(b.TempDir(), "province."+ext)
			if err := catalogio.WriteFile(file, items); err != nil {
				b.Fatal(err)
			}
			var cpu, writer time.Duration
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				dk := desks.Open(b, b.TempDir())
				b.StartTimer()
				c0, w0 := cputime.Used(), cputime.Thread()
				res, err := dk.ImportFile(desks.Ctx(), file, false)
				if err != nil {
					b.Fatal(err)
				}
				writer += cputime.Thread() - w0
				if err := dk.Close(); err != nil { // the WAL's checkpoint is part of the import
					b.Fatal(err)
				}
				cpu += cputime.Used() - c0
				if res.Added != len(items) {
					b.Fatalf("added %d of %d", res.Added, len(items))
				}
			}
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(writer.Seconds()/float64(b.N), "writer-cpu-s/op")
		})
	}
}

var importItems = flag.Int("import-items", 100000, "entries in BenchmarkImportFile's file")
