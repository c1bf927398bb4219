package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"yichuang/assets"
	"yichuang/catalog/catalogio"
	"yichuang/commands"
	"yichuang/desk"
	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
	"yichuang/platform/server"
	"yichuang/platform/store"
	"yichuang/seed"
	"yichuang/sync/engine"
	"yichuang/sync/linksim"
	"yichuang/sync/protocol"
)

// benchSupervise measures the supervision feed (docs/adr/0020) for a
// county: 40 halls (the county's and 39 townships), 5 desks each, o.cases
// open cases pushed to the real platform store as their desks push them
// (收件 and 受理, each case with an applicant's name, ID number, phone and
// address). A county supervisor's desk then pulls the feed over loopback
// and over a slow link, the feed again after 1,000 changes, and opens
// 时限监督 at each scope.
func benchSupervise(ctx context.Context, o options) error {
	dir, err := os.MkdirTemp("", "yichuang-bench-supervise-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	key, err := store.NewKey()
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, filepath.Join(dir, "platform.db"), key)
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := server.Start(server.Config{Store: st, DataDir: filepath.Join(dir, "platform")}, "127.0.0.1:0", "", "")
	if err != nil {
		return err
	}
	defer srv.Close()

	// The tree: province, city, the county and its 39 townships.
	halls := []store.Hall{{Code: "340000", Name: "安徽省", Level: "省"}, {Code: "341100", Name: "滁州市", Level: "市", Parent: "340000"},
		{Code: "341122", Name: "清河县政务服务中心", Level: "县", Parent: "341100"}}
	for i := 1; i <= 39; i++ {
		halls = append(halls, store.Hall{Code: fmt.Sprintf("341122%03d", 100+i), Name: fmt.Sprintf("第%d乡镇便民服务中心", i),
			Level: "乡镇", Parent: "341122"})
	}
	for _, h := range halls {
		if err := st.AddHall(ctx, h); err != nil {
			return err
		}
	}
	items := catalogio.Synthetic(300, 7)
	if err := st.PublishItems(ctx, items); err != nil {
		return err
	}
	if err := st.PublishUser(ctx, hall.PlatformUser{ID: "sup-county", Name: "王监督", Hall: "341122", Role: "监督人员", Active: true}); err != nil {
		return err
	}
	if err := st.Grant(ctx, "sup-county", "341122"); err != nil {
		return err
	}
	// Two supervisor desks of the county hall register over HTTP as a hall's
	// IT would; every other desk is registered in the store and pushes its
	// cases through it (the same ApplyBatch the server runs).
	var desks []store.Desk
	for _, h := range halls[2:] {
		for d := 1; d <= 5; d++ {
			code := fmt.Sprintf("%02d", d+10)
			enrol, err := st.AddDesk(ctx, h.Code, code, h.Name)
			if err != nil {
				return err
			}
			res, err := st.Register(ctx, enrol, "bench")
			if err != nil {
				return err
			}
			dk, err := st.Desk(ctx, res.DeskID)
			if err != nil {
				return err
			}
			desks = append(desks, dk)
		}
	}
	fmt.Printf("supervision: %d halls, %d desks, pushing %d open cases …\n", len(halls)-2, len(desks), o.cases)
	tables, err := calendar.ParseTables(assets.Holidays)
	if err != nil {
		return err
	}
	cal := calendar.New(tables)
	start := time.Now()
	r := rand.New(rand.NewPCG(7, 20))
	open := make([]benchCase, 0, o.cases)
	perDesk := (o.cases + len(desks) - 1) / len(desks)
	for di, dk := range desks {
		n := min(perDesk, o.cases-di*perDesk)
		var ops []protocol.Op
		for i := 0; i < n; i++ {
			bc, recv, acc, err := newBenchCase(r, cal, dk, items, i+1)
			if err != nil {
				return err
			}
			ops = append(ops, recv, acc)
			open = append(open, bc)
		}
		if err := applyAll(ctx, st, dk, ops); err != nil {
			return err
		}
	}
	fmt.Printf("  pushed in %s\n", time.Since(start).Round(time.Second))

	sup1, err := supervisorDesk(ctx, st, srv, dir, "01")
	if err != nil {
		return err
	}
	defer sup1.Close()
	sup2, err := supervisorDesk(ctx, st, srv, dir, "02")
	if err != nil {
		return err
	}
	defer sup2.Close()

	// First pull over loopback (through the link simulator without limits,
	// which counts the bytes) and over a 1 Mbit/s link.
	pull := func(d *desk.Desk, bw int64, lat time.Duration) (time.Duration, int64, error) {
		l, err := linksim.Start(linksim.Config{Target: srv.Addr(), Bandwidth: bw, Latency: lat})
		if err != nil {
			return 0, 0, err
		}
		defer l.Close()
		s, err := d.NewSync(ctx, desk.SyncOptions{PlatformURL: l.URL()})
		if err != nil {
			return 0, 0, err
		}
		defer s.Close()
		t0 := time.Now()
		err = engine.PullSupervision(hall.AsDesk(ctx), d.DB.Sync(), s.Client, "sup-county")
		_, down := l.Bytes()
		return time.Since(t0), down, err
	}
	const fast = 1 << 40
	slowBW, slowLat := o.bitsPerSecond/8, o.latency
	took, down, err := pull(sup1, fast, 0)
	if err != nil {
		return err
	}
	fmt.Printf("first pull, loopback: %d cases, %d B down (%.1f B per case, gzip), %.2f s (written and recounted at the desk)\n",
		len(open), down, float64(down)/float64(len(open)), took.Seconds())
	took2, down2, err := pull(sup2, slowBW, slowLat)
	if err != nil {
		return err
	}
	fmt.Printf("first pull, %d bit/s, %s each way: %d B down (%.1f B per case), %.1f s; floor %.1f s\n",
		o.bitsPerSecond, slowLat, down2, float64(down2)/float64(len(open)), took2.Seconds(), float64(down2)/float64(slowBW))

	// 1,000 changes: 审查 starts on 1,000 cases, each pushed by its desk.
	byDesk := map[string][]protocol.Op{}
	for i := 0; i < 1000; i++ {
		bc := &open[(i*97)%len(open)]
		op, err := bc.next(hall.ActStartReview)
		if err != nil {
			return err
		}
		byDesk[bc.desk.ID] = append(byDesk[bc.desk.ID], op)
	}
	for _, dk := range desks {
		if err := applyAll(ctx, st, dk, byDesk[dk.ID]); err != nil {
			return err
		}
	}
	took, down, err = pull(sup1, fast, 0)
	if err != nil {
		return err
	}
	fmt.Printf("incremental pull after 1,000 changes, loopback: %d B down (%.1f B per change), %.3f s\n", down, float64(down)/1000, took.Seconds())
	took2, down2, err = pull(sup2, slowBW, slowLat)
	if err != nil {
		return err
	}
	fmt.Printf("incremental pull after 1,000 changes, %d bit/s: %d B down, %.2f s\n", o.bitsPerSecond, down2, took2.Seconds())

	// 时限监督 at each scope: read, light and count, as the screen does.
	today := calendar.Today(nil)
	for _, sc := range []struct {
		name  string
		scope supervision.Scope
	}{{"本窗口", supervision.Scope{}}, {"本大厅", supervision.Scope{Kind: supervision.ScopeHall}},
		{"下辖（全部）", supervision.Scope{Kind: supervision.ScopeUnder}},
		{"下辖：第1乡镇", supervision.Scope{Kind: supervision.ScopeUnder, Hall: "341122101"}}} {
		best := time.Duration(1 << 62)
		var rows, open int
		for range 3 {
			t0 := time.Now()
			snap, err := sup1.DB.Cases().Supervise(hall.AsDesk(ctx), supervision.Query{Scope: sc.scope})
			if err != nil {
				return err
			}
			b := supervision.Evaluate(snap, today, supervision.DefaultSettings())
			all := make([]*supervision.Row, len(b.Rows))
			for i := range b.Rows {
				all[i] = &b.Rows[i]
			}
			supervision.ByHall(all, nil)
			supervision.ByDepartment(all)
			best = min(best, time.Since(t0))
			rows, open = len(b.Rows), b.Open()
		}
		fmt.Printf("时限监督 %s: %d cases (%d open) read, lit and counted by hall and department in %d ms (best of 3)\n",
			sc.name, rows, open, best.Milliseconds())
	}
	return nil
}

// benchCase is a case as its desk knows it, to push later events.
type benchCase struct {
	c    hall.Case
	desk store.Desk
}

func (bc *benchCase) next(a hall.Action) (protocol.Op, error) {
	ev, err := hall.Apply(&bc.c, hall.Event{ID: uuid.Must(uuid.NewV7()).String(), CaseID: bc.c.ID, Action: a,
		At: time.Now(), Actor: bc.c.Clerk})
	if err != nil {
		return protocol.Op{}, err
	}
	return caseOp(&bc.c, ev)
}

// caseOp is the case.event operation a desk's outbox holds for ev: the
// body marshalled once, as the desk's store does, the case and the event
// in it not read again.
func caseOp(c *hall.Case, ev hall.Event) (protocol.Op, error) {
	body, err := json.Marshal(struct {
		Case  *hall.Case `json:"case"`
		Event hall.Event `json:"event"`
	}{c, ev})
	return protocol.Op{ID: ev.ID, Kind: hall.OpCaseEvent, CaseID: c.ID, Body: body}, err
}

var benchClerks = []string{"王堃", "李玥", "张喆", "刘洋", "陈静"}

// newBenchCase makes the seq-th case of desk dk: received and accepted
// within the last 30 days, with due dates counted from the item's limits.
func newBenchCase(r *rand.Rand, cal *calendar.Calendar, dk store.Desk, items []hall.Item, seq int) (benchCase, protocol.Op, protocol.Op, error) {
	it := items[r.IntN(len(items))]
	at := time.Now().Add(-time.Duration(r.IntN(30*24)) * time.Hour)
	no, err := hall.CaseNumberOf(dk.HallCode, dk.DeskCode, hall.HallTime(at), 0, seq)
	if err != nil {
		return benchCase{}, protocol.Op{}, protocol.Op{}, err
	}
	bc := benchCase{desk: dk, c: hall.Case{ID: uuid.Must(uuid.NewV7()).String(), No: no, ItemCode: it.Code, ItemName: it.Name,
		Department: it.Department, Applicant: seed.Applicant(r, 2026), Clerk: benchClerks[r.IntN(len(benchClerks))],
		CreatedAt: at, UpdatedAt: at}}
	recv, err := hall.Apply(&bc.c, hall.Event{ID: uuid.Must(uuid.NewV7()).String(), CaseID: bc.c.ID, Action: hall.ActReceive, At: at, Actor: bc.c.Clerk})
	if err != nil {
		return bc, protocol.Op{}, protocol.Op{}, err
	}
	op1, err := caseOp(&bc.c, recv)
	if err != nil {
		return bc, protocol.Op{}, protocol.Op{}, err
	}
	acc := hall.Event{ID: uuid.Must(uuid.NewV7()).String(), CaseID: bc.c.ID, Action: hall.ActAccept, At: at.Add(time.Minute), Actor: bc.c.Clerk}
	if acc, err = hall.Apply(&bc.c, acc); err != nil {
		return bc, protocol.Op{}, protocol.Op{}, err
	}
	if p, l, err := cal.DueDates(calendar.Limits{Promise: it.PromiseLimit, Legal: it.LegalLimit}, bc.c.AcceptedAt, []hall.Event{acc}); err == nil {
		bc.c.PromiseDue, bc.c.LegalDue = p.Date.String(), l.Date.String()
		acc.PromiseDue, acc.LegalDue = bc.c.PromiseDue, bc.c.LegalDue
	}
	op2, err := caseOp(&bc.c, acc)
	return bc, op1, op2, err
}

// applyAll pushes ops as their desk would, a thousand at a time, and fails
// on any refusal.
func applyAll(ctx context.Context, st *store.Store, dk store.Desk, ops []protocol.Op) error {
	for len(ops) > 0 {
		n := min(len(ops), 1000)
		res, err := st.ApplyBatch(ctx, dk, ops[:n])
		if err != nil {
			return err
		}
		for i, r := range res {
			if r.Code != protocol.CodeApplied {
				return fmt.Errorf("op %s of desk %s-%s: %s %s", ops[i].ID, dk.HallCode, dk.DeskCode, r.Code, r.Message)
			}
		}
		ops = ops[n:]
	}
	return nil
}

// supervisorDesk registers a desk of the county hall over HTTP and opens it.
func supervisorDesk(ctx context.Context, st *store.Store, srv *server.Running, dir, code string) (*desk.Desk, error) {
	enrol, err := st.AddDesk(ctx, "341122", code, "清河县政务服务中心")
	if err != nil {
		return nil, err
	}
	d := filepath.Join(dir, "desk"+code)
	if rc := commands.Run(hall.AsDesk(ctx), commands.Env{Stdout: io.Discard, Stderr: os.Stderr},
		[]string{"register", "--data", d, "--platform", "http://" + srv.Addr(), "--code", enrol}); rc != 0 {
		return nil, fmt.Errorf("register: exit %d", rc)
	}
	return desk.Open(hall.AsDesk(ctx), d, nil)
}
