package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"yichuang/sync/protocol"
	"yichuang/testsupport/pgtest"
)

// twoInstancesOneDesk opens two instances a and b on one new PostgreSQL
// database, with one registered desk d.
func twoInstancesOneDesk(t *testing.T) (dsn string, key *Key, a, b *Store, d Desk) {
	t.Helper()
	ctx := context.Background()
	dsn = pgtest.Database(t)
	key, _ = NewKey()
	var err error
	if a, err = Open(ctx, dsn, key); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if b, err = Open(ctx, dsn, key); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	code, _ := a.AddDesk(ctx, "341122", "07", "清河县政务服务中心")
	reg, err := a.Register(ctx, code, "host")
	if err != nil {
		t.Fatal(err)
	}
	d, _ = a.Desk(ctx, reg.DeskID)
	return dsn, key, a, b, d
}

// An instance that dies between a push's commit and its numbering leaves
// the push's feed row unnumbered: another instance numbers it on its tick,
// and an instance that starts numbers what it finds before it serves.
func TestRowsLeftUnnumberedAreNumbered(t *testing.T) {
	ctx := context.Background()
	dsn, key, a, b, d := twoInstancesOneDesk(t)
	a.num.close() // a's numbering is gone, as when it dies after committing

	seen := func(s *Store, no string) bool {
		t.Helper()
		page, err := s.SubtreeFeed(ctx, "341122", "0", 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Cases {
			if c.No == no {
				return true
			}
		}
		return false
	}
	ops := caseOps(t, "c1", "341122-20261123-07-0001", "11010519491231002X")
	if _, err := a.ApplyBatch(ctx, d, ops); err == nil || !strings.Contains(err.Error(), "number the logs") {
		t.Fatalf("a push whose numbering failed answered %v", err)
	}
	// Committed all the same: sent again, it is a duplicate.
	rs, err := b.ApplyBatch(ctx, d, ops)
	if err != nil || rs[0].Code != protocol.CodeDuplicate {
		t.Fatalf("resent through the other instance: %v %+v", err, rs)
	}
	for deadline := time.Now().Add(3 * numberTick); !seen(b, "341122-20261123-07-0001"); {
		if time.Now().After(deadline) {
			t.Fatalf("the feed row a left unnumbered was not numbered within %v", 3*numberTick)
		}
		time.Sleep(20 * time.Millisecond)
	}

	ops = caseOps(t, "c2", "341122-20261123-07-0002", "11010519491231002X")
	if _, err := a.ApplyBatch(ctx, d, ops); err == nil {
		t.Fatal("a push whose numbering failed answered nil")
	}
	c, err := Open(ctx, dsn, key)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if !seen(c, "341122-20261123-07-0002") {
		t.Fatal("an instance that started served before numbering what it found")
	}
}

// Writers' numberings number the rows those writers wrote, found by key.
// A row an instance left unnumbered when it died is nobody's: it is
// numbered within a tick or two however busy the others are, and a
// writer's numbering leaves no row of its own behind.
func TestRowsLeftUnnumberedAreNumberedWhileOthersPush(t *testing.T) {
	ctx := context.Background()
	_, _, a, b, d := twoInstancesOneDesk(t)
	a.num.close()
	if _, err := a.ApplyBatch(ctx, d, caseOps(t, "lost", "341122-20261123-07-0001", "11010519491231002X")); err == nil {
		t.Fatal("a push whose numbering failed answered nil")
	}

	// b pushes without a pause: its numberings never wait for a tick.
	stop := make(chan struct{})
	var pushed []string
	var perr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 2; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			no := fmt.Sprintf("341122-20261123-07-%04d", i)
			if _, perr = b.ApplyBatch(ctx, d, caseOps(t, fmt.Sprintf("c%d", i), no, "11010519491231002X")); perr != nil {
				return
			}
			pushed = append(pushed, no)
		}
	}()
	numbered := func(id string) bool {
		var seq int64
		if err := b.read.QueryRow("SELECT seq FROM supervision WHERE case_id = ?", id).Scan(&seq); err != nil {
			t.Fatal(err)
		}
		return seq > 0
	}
	deadline := time.Now().Add(3 * numberTick)
	for !numbered("lost") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	close(stop)
	<-done
	if perr != nil {
		t.Fatal(perr)
	}
	if !numbered("lost") {
		t.Fatalf("the row a left unnumbered waited more than %v while b pushed %d batches", 3*numberTick, len(pushed))
	}
	if len(pushed) < 5 {
		t.Fatalf("b pushed only %d batches in %v: the test did not keep its numberer busy", len(pushed), 3*numberTick)
	}
	var left int
	if err := b.read.QueryRow("SELECT count(*) FROM supervision WHERE seq < 0").Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Fatalf("%d feed rows unnumbered after every writer returned", left)
	}
	page, err := b.SubtreeFeed(ctx, "341122", "0", 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Cases) != len(pushed)+1 {
		t.Fatalf("the feed gives %d cases, want %d", len(page.Cases), len(pushed)+1)
	}
}

// Two transactions that replaced one change at once (each deleted the
// older row, neither saw the other's) leave two rows of one key: the
// numbering keeps the one it numbers last, and a desk pulls only that.
func TestNumberingKeepsOneChangeOfAKey(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	if err := s.PublishCalendar(ctx, 2030, json.RawMessage(`{"v":0}`)); err != nil {
		t.Fatal(err)
	}
	tx, err := s.write.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	q := &txn{Tx: tx, d: s.d}
	for _, v := range []string{"1", "2"} {
		if _, err := q.ExecContext(ctx, `INSERT INTO changes (seq, stream, key, hall_code, desk_id, doc, at)
			VALUES (`+s.d.pending("changes")+`, 'calendar', '2030', '', '', ?, '')`,
			`{"year":2030,"table":{"v":`+v+`}}`); err != nil {
			t.Fatal(err)
		}
	}
	if err := number(ctx, q, s.d, allLogs); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	res, err := s.Pull(ctx, d, protocol.PullRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for _, c := range res.Changes {
		if c.Stream == protocol.StreamCalendar {
			docs = append(docs, string(c.Doc))
		}
	}
	if len(docs) != 1 || !strings.Contains(docs[0], `"v":2`) {
		t.Fatalf("calendar 2030 pulled as %v, want only the one numbered last", docs)
	}
	var counter, newest int64
	s.read.QueryRow("SELECT value FROM counters WHERE name = ?", seqChanges).Scan(&counter)
	s.read.QueryRow("SELECT max(seq) FROM changes").Scan(&newest)
	if counter != 3 || newest != 3 || res.Cursors[protocol.StreamCalendar] != "3" {
		t.Fatalf("counter %d, newest change %d, cursor %s: want all at 3, the last number given", counter, newest, res.Cursors[protocol.StreamCalendar])
	}
}

// Two instances number at once only in turn: pushes of desks of two halls
// through both leave every feed row a number of its own (the feed's unique
// index is by number and hall, so only this shows two numberers giving one
// number twice), none unnumbered, and the counter at the highest.
func TestNumberersTakeTurns(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Database(t)
	key, _ := NewKey()
	var inst [2]*Store
	for i := range inst {
		s, err := Open(ctx, dsn, key)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		inst[i] = s
	}
	var ds []Desk
	for i, hallCode := range []string{"341122", "341123", "341122", "341123"} {
		code, _ := inst[0].AddDesk(ctx, hallCode, fmt.Sprintf("%02d", 10+i), "")
		reg, err := inst[0].Register(ctx, code, "host")
		if err != nil {
			t.Fatal(err)
		}
		d, _ := inst[0].Desk(ctx, reg.DeskID)
		ds = append(ds, d)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(ds))
	for i, d := range ds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 20 {
				no := fmt.Sprintf("%s-20261123-%s-%04d", d.HallCode, d.DeskCode, n+1)
				ops := caseOps(t, fmt.Sprintf("c%d-%d", i, n), no, "11010519491231002X")
				if _, err := inst[n%2].ApplyBatch(ctx, d, ops); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var rows, distinct, newest, unnumbered, counter int64
	if err := inst[1].read.QueryRow(`SELECT count(*), count(DISTINCT seq), coalesce(max(seq), 0),
		count(*) FILTER (WHERE seq < 0) FROM supervision`).Scan(&rows, &distinct, &newest, &unnumbered); err != nil {
		t.Fatal(err)
	}
	inst[1].read.QueryRow("SELECT value FROM counters WHERE name = ?", seqSupervision).Scan(&counter)
	if rows != 80 || distinct != rows || unnumbered != 0 || counter != newest {
		t.Fatalf("feed rows %d (want 80), numbers %d, unnumbered %d, highest %d, counter %d", rows, distinct, unnumbered, newest, counter)
	}
}

// A batch's feed rows are written many a statement: the feed still lists
// its cases in the order they last changed, across the statements' pieces
// (70 cases: pieces of 64, 4 and 2), and a later batch moves the cases it
// changes to the feed's end in its own order.
func TestFeedKeepsTheOrderCasesLastChanged(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	const n = 70
	var receive, accept []protocol.Op
	for i := range n {
		ops := caseOps(t, fmt.Sprintf("c%02d", i), fmt.Sprintf("341122-20261123-07-%04d", i+1), "11010519491231002X")
		receive = append(receive, ops[0])
		accept = append([]protocol.Op{ops[1]}, accept...) // accepted last to first
	}
	if _, err := s.ApplyBatch(ctx, d, append(receive, accept...)); err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := n - 1; i >= 0; i-- {
		want = append(want, fmt.Sprintf("c%02d", i))
	}
	feedOrder := func() []string {
		t.Helper()
		rows, err := s.read.QueryContext(ctx, "SELECT case_id FROM supervision WHERE seq > 0 ORDER BY seq")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			got = append(got, id)
		}
		return got
	}
	if got := feedOrder(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("feed order after one batch:\n got %v\nwant %v", got, want)
	}
	// c05, then c60, change again, each in a transaction of its own.
	for _, id := range []string{"c05", "c60"} {
		if err := s.update(ctx, func(tx *txn, _ time.Time) error { return s.noteSupervision(ctx, tx, id) }); err != nil {
			t.Fatal(err)
		}
	}
	want = append(slices.DeleteFunc(want, func(id string) bool { return id == "c05" || id == "c60" }), "c05", "c60")
	if got := feedOrder(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("feed order after later changes:\n got %v\nwant %v", got, want)
	}
}
