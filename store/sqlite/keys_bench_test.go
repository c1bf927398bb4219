package sqlite

import (
	"context"
	"fmt"
	"testing"

	"yichuang/hall"
)

// The cost of sealing personal data, against the same desk without keys:
//
//	go test ./store/sqlite -run '^$' -bench 'CaseSave|CaseList' -benchtime 200x
//
// CaseSave is one 收件 (case, event, outbox entry, audit record, one
// fsync); CaseList opens the case list of a desk with 10,000 cases.

func benchDesk(b *testing.B, keyed bool) (*DB, hall.Item) {
	b.Helper()
	var db *DB
	if keyed {
		db = keyedDB(b)
		login(b, db, "wangkun", clerkPW)
	} else {
		d, err := Open(hall.AsDesk(context.Background()), b.TempDir()+"/t.db", nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { d.Close() })
		db = d
	}
	return db, seedItemB(b, db)
}

func seedItemB(b *testing.B, db *DB) hall.Item {
	it := hall.Item{Code: "000104002000", TaskCode: "11341122MB1234567X0000104002000", Name: "内地居民结婚登记",
		Type: hall.TypeConfirmation, Department: "县民政局", LegalLimit: hall.Limit{Days: 1, Unit: hall.WorkingDays}}
	ctx := hall.AsDesk(context.Background())
	if err := seedCatalog(db, it); err != nil {
		b.Fatal(err)
	}
	db.SetSetting(ctx, hall.SettingHallCode, "341122")
	db.SetSetting(ctx, hall.SettingDeskCode, "07")
	return it
}

func BenchmarkCaseSave(b *testing.B) {
	for _, keyed := range []bool{false, true} {
		b.Run(map[bool]string{false: "clear", true: "sealed"}[keyed], func(b *testing.B) {
			db, it := benchDesk(b, keyed)
			ctx := hall.AsDesk(context.Background())
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c := newCase(it)
				c.Form = []byte(`{"spouse_name":"李玥","spouse_id":"440524188001010014","spouse_phone":"13900001111","note":"无"}`)
				if err := db.Cases().Open(ctx, c, hall.Event{Action: hall.ActReceive}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCaseList10k(b *testing.B) {
	for _, keyed := range []bool{false, true} {
		b.Run(map[bool]string{false: "clear", true: "sealed"}[keyed], func(b *testing.B) {
			db, it := benchDesk(b, keyed)
			ctx := hall.AsDesk(context.Background())
			err := db.Update(ctx, func(tx *Tx) error { // 10,000 cases through the real insert, in one transaction
				for i := 0; i < 10000; i++ {
					c := newCase(it)
					c.ID, c.No = NewID(), fmt.Sprintf("341122-20261123-07-%05d", i)
					c.State, c.ReceivedAt, c.CreatedAt, c.UpdatedAt = hall.StateReceived, tx.Now, tx.Now, tx.Now
					if err := insertCase(ctx, tx, c); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				rows, err := db.Cases().ListCases(ctx, hall.CaseFilter{Limit: 10000})
				if err != nil || len(rows) != 10000 {
					b.Fatalf("%d rows, %v", len(rows), err)
				}
			}
		})
	}
}

// BenchmarkCaseOpenDetail is opening one case (decrypt and mask).
func BenchmarkCaseOpenDetail(b *testing.B) {
	for _, keyed := range []bool{false, true} {
		b.Run(map[bool]string{false: "clear", true: "sealed"}[keyed], func(b *testing.B) {
			db, it := benchDesk(b, keyed)
			ctx := hall.AsDesk(context.Background())
			c := newCase(it)
			if err := db.Cases().Open(ctx, c, hall.Event{Action: hall.ActReceive}); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, _, err := db.Cases().Case(ctx, c.ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
