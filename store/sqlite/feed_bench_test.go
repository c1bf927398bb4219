package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
)

// feedDB is a desk of the county hall 341122 holding a feed of n open cases
// of 39 townships, written through ApplySupervision in pages of 5,000 as the
// pull writes them. It reports how long writing took.
func feedDB(b *testing.B, n int) *DB {
	b.Helper()
	ctx := hall.AsDesk(context.Background())
	db, err := Open(ctx, filepath.Join(b.TempDir(), "f.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.SetSettings(ctx, map[string]string{hall.SettingHallCode: "341122", hall.SettingDeskCode: "01"}); err != nil {
		b.Fatal(err)
	}
	halls := []supervision.Hall{{Code: "341122", Name: "县"}}
	for i := 1; i <= 39; i++ {
		halls = append(halls, supervision.Hall{Code: fmt.Sprintf("341122%03d", 100+i), Name: fmt.Sprintf("第%d乡镇", i), Parent: "341122"})
	}
	depts := []string{"民政", "公安", "人社", "市场监管", "自然资源", "卫健", "教育", "医保"}
	start := time.Now()
	base := time.Date(2026, 11, 2, 9, 0, 0, 0, hall.Zone)
	for p := 0; p*5000 < n; p++ {
		page := supervision.FeedPage{Scope: "341122", Halls: halls, Cursor: fmt.Sprint((p + 1) * 5000)}
		for i := p * 5000; i < min(n, (p+1)*5000); i++ {
			h := halls[1+i%39]
			at := base.AddDate(0, 0, -(i % 30))
			no := fmt.Sprintf("%s-%s-%02d-%04d", h.Code, at.Format("20060102"), 11+i%5, i/195+1)
			page.Cases = append(page.Cases, supervision.FeedCase{Case: supervision.Case{No: no, Hall: h.Code,
				Desk: supervision.DeskOf(no), ItemCode: fmt.Sprintf("I%03d", i%300), ItemName: fmt.Sprintf("事项%d", i%300),
				Department: depts[i%len(depts)], Clerk: fmt.Sprintf("人员%d", i%200), State: hall.StateAccepted, AcceptedAt: at,
				PromiseLimit: hall.Limit{Days: 1 + i%20, Unit: hall.WorkingDays}, LegalLimit: hall.Limit{Days: 20, Unit: hall.WorkingDays}},
				Events: []hall.Event{{Action: hall.ActReceive, At: at}, {Action: hall.ActAccept, At: at}}})
		}
		if err := db.Sync().ApplySupervision(ctx, "sup", page); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%d feed cases written and recounted in %s", n, time.Since(start).Round(time.Millisecond))
	return db
}

// BenchmarkSuperviseUnder100k: opening 时限监督 at 下辖 on 100,000 other
// windows' cases: read from feed_cases, lit and counted by hall (the
// screen's first step; goal ≤ 1 s).
func BenchmarkSuperviseUnder100k(b *testing.B) {
	db := feedDB(b, 100000)
	ctx := hall.AsDesk(context.Background())
	today := calendar.HallDate(time.Date(2026, 11, 3, 9, 0, 0, 0, hall.Zone))
	for b.Loop() {
		snap, err := db.Cases().Supervise(ctx, supervision.Query{Scope: supervision.Scope{Kind: supervision.ScopeUnder}})
		if err != nil || len(snap.Cases) != 100000 {
			b.Fatalf("%d cases, %v", len(snap.Cases), err)
		}
		board := supervision.Evaluate(snap, today, supervision.DefaultSettings())
		rows := make([]*supervision.Row, len(board.Rows))
		for i := range board.Rows {
			rows[i] = &board.Rows[i]
		}
		supervision.ByHall(rows, nil)
	}
}
