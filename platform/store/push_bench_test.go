package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"

	"yichuang/cputime"
	"yichuang/sync/protocol"
	"yichuang/testsupport/pgtest"
)

// Pushes of batches of 20 operations (10 cases received and accepted) by
// 16 desks at once, on SQLite and on PostgreSQL (the test cluster: on this
// machine, fsync off), through the store alone: operations applied a
// second (ops/s), the process's CPU an operation (cpu-µs/op: on PostgreSQL
// without the database server's), and on PostgreSQL how long a push's feed rows waited,
// committed, for their numbers (visible-ms: a reader by cursor sees them
// only then). go test -run '^$' -bench Push ./platform/store/
func BenchmarkPush(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			ctx := context.Background()
			target := filepath.Join(b.TempDir(), "p.db")
			if db == "postgres" {
				target = pgtest.Database(b)
			}
			key, _ := NewKey()
			s, err := Open(ctx, target, key)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			const desks = 16
			var ds []Desk
			for i := range desks {
				code, _ := s.AddDesk(ctx, "341122", strconv.Itoa(10+i), "")
				reg, err := s.Register(ctx, code, "host")
				if err != nil {
					b.Fatal(err)
				}
				d, _ := s.Desk(ctx, reg.DeskID)
				ds = append(ds, d)
			}
			var next, batches atomic.Int64
			b.SetParallelism(desks / 2) // 16 goroutines on 2 cores
			if s.num != nil {
				s.num.waits.Store(0)
				s.num.waited.Store(0)
			}
			b.ResetTimer()
			cpu0 := cputime.Used()
			b.RunParallel(func(pb *testing.PB) {
				i := int(next.Add(1)-1) % desks
				d := ds[i]
				n := 0
				for pb.Next() {
					var ops []protocol.Op
					for range 10 {
						n++
						no := fmt.Sprintf("341122-20261123-%d-%04d", 10+i, n)
						ops = append(ops, caseOps(b, fmt.Sprintf("c%d-%d-%d", i, n, b.N), no, "11010519491231002X")...)
					}
					rs, err := s.ApplyBatch(ctx, d, ops)
					if err != nil || rs[0].Code != protocol.CodeApplied {
						b.Errorf("push: %v %+v", err, rs[0])
						return
					}
					batches.Add(1)
				}
			})
			b.ReportMetric(float64(batches.Load()*20)/b.Elapsed().Seconds(), "ops/s")
			if n := batches.Load() * 20; n > 0 { // the process's CPU: the store's, and SQLite's inside it
				b.ReportMetric(float64(cputime.Used()-cpu0)/float64(n)/1e3, "cpu-µs/op")
			}
			if s.num != nil && s.num.waits.Load() > 0 {
				b.ReportMetric(float64(s.num.waited.Load())/float64(s.num.waits.Load())/1e6, "visible-ms")
			}
		})
	}
}
