package store

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"yichuang/hall"
	"yichuang/sync/protocol"
	"yichuang/testsupport/pgtest"
)

// pilot is a SQLite platform with n cases pushed by one desk (two
// operations each, resends answered as duplicates), a scan for every
// tenth case, a decision on the first case and a catalog entry.
func pilot(tb testing.TB, n int) (*Store, Desk, *Key) {
	tb.Helper()
	ctx := context.Background()
	key, err := NewKey()
	if err != nil {
		tb.Fatal(err)
	}
	s, err := Open(ctx, filepath.Join(tb.TempDir(), "platform.db"), key)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	code, err := s.AddDesk(ctx, "341122", "07", "清河县政务服务中心")
	if err != nil {
		tb.Fatal(err)
	}
	reg, err := s.Register(ctx, code, "host")
	if err != nil {
		tb.Fatal(err)
	}
	d, err := s.Desk(ctx, reg.DeskID)
	if err != nil {
		tb.Fatal(err)
	}
	var ops []protocol.Op
	flush := func() {
		rs, err := s.ApplyBatch(ctx, d, ops)
		if err != nil {
			tb.Fatal(err)
		}
		for _, r := range rs {
			if r.Code != protocol.CodeApplied {
				tb.Fatalf("%s: %s", r.Code, r.Message)
			}
		}
		ops = ops[:0]
	}
	for i := range n {
		ops = append(ops, caseOps(tb, fmt.Sprintf("c%05d", i), caseNo(i), "11010519491231002X")...)
		if len(ops) >= 500 || i == n-1 {
			flush()
		}
		if i%10 == 0 {
			sha := fmt.Sprintf("%064x", i)
			if err := s.FileVerified(ctx, sha, 1000, "/srv/platform/files/"+sha+".sm4", "#sm4:00"); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if _, err := s.ApplyBatch(ctx, d, caseOps(tb, "c00000", caseNo(0), "11010519491231002X")); err != nil {
		tb.Fatal(err)
	}
	if _, err := s.Decide(hall.AsDesk(ctx), caseNo(0), hall.Event{Action: hall.ActStartReview, Actor: "后台"}); err != nil {
		tb.Fatal(err)
	}
	if err := s.PublishItems(ctx, []hall.Item{{Code: "900000000001", TaskCode: "900000000001", Name: "测试事项", Type: "07", Department: "测试局"}}); err != nil {
		tb.Fatal(err)
	}
	return s, d, key
}

// caseNo is the number of the pilot's case i: a thousand a day.
func caseNo(i int) string { return fmt.Sprintf("341122-202611%02d-07-%04d", 1+i/1000, 1+i%1000) }

// pullAll is every change a desk pulls from cursor zero.
func pullAll(t *testing.T, s *Store, d Desk) []protocol.Change {
	t.Helper()
	var out []protocol.Change
	cur := map[string]string{}
	for {
		res, err := s.Pull(context.Background(), d, protocol.PullRequest{Cursors: cur, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res.Changes...)
		cur = res.Cursors
		if !res.More {
			return out
		}
	}
}

// TestCopyToPostgresKeepsEverything: the copy holds what the pilot held,
// read through the store as the server reads it; the change log keeps its
// numbers and goes on after them; PostgreSQL's own numbering goes on past
// the copied rows; sealed values open under the same key only.
func TestCopyToPostgresKeepsEverything(t *testing.T) {
	ctx := context.Background()
	s, d, key := pilot(t, 40)
	dsn := pgtest.Database(t)
	rep, err := s.CopyTo(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Cases != 40 || rep.Changes == 0 {
		t.Fatalf("report %+v", rep)
	}
	pg, err := Open(ctx, dsn, key)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	for _, f := range []func(*Store) (any, error){
		func(x *Store) (any, error) { return x.Stats(ctx) },
		func(x *Store) (any, error) { return x.CaseNumbers(ctx) },
		func(x *Store) (any, error) { return x.Case(ctx, caseNo(0)) },
		func(x *Store) (any, error) { return x.Desk(ctx, d.ID) }, // its secret opens under the key
		func(x *Store) (any, error) { return x.Epoch(ctx) },
	} {
		a, err := f(s)
		if err != nil {
			t.Fatal(err)
		}
		b, err := f(pg)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("pilot and copy differ:\n%+v\n%+v", a, b)
		}
	}
	before := pullAll(t, s, d)
	if after := pullAll(t, pg, d); !reflect.DeepEqual(before, after) {
		t.Fatalf("the desk pulls %d changes from the pilot, %d from the copy", len(before), len(after))
	}
	// The next change is numbered after the copied ones, the next case
	// after the copied cases.
	if _, err := pg.Decide(hall.AsDesk(ctx), caseNo(1), hall.Event{Action: hall.ActStartReview, Actor: "后台"}); err != nil {
		t.Fatal(err)
	}
	if _, err := pg.ApplyBatch(ctx, d, caseOps(t, "new", "341122-20261124-07-0001", "11010519491231002X")); err != nil {
		t.Fatal(err)
	}
	all := pullAll(t, pg, d)
	if len(all) != len(before)+1 || all[len(all)-1].Seq != rep.Changes+1 {
		t.Fatalf("after the copy: %d changes, last %+v; want %d, numbered %d", len(all), all[len(all)-1], len(before)+1, rep.Changes+1)
	}
	var newRow, maxCopied int64
	pgdb := pg.read
	if err := pgdb.QueryRow("SELECT rowid FROM cases WHERE id = 'new'").Scan(&newRow); err != nil {
		t.Fatal(err)
	}
	if err := pgdb.QueryRow("SELECT max(rowid) FROM cases WHERE id != 'new'").Scan(&maxCopied); err != nil {
		t.Fatal(err)
	}
	if maxCopied != 40 || newRow != 41 {
		t.Fatalf("the new case is row %d after copied rows up to %d", newRow, maxCopied)
	}
	other, _ := NewKey()
	if _, err := Open(ctx, dsn, other); hall.ErrorCode(err) != hall.EForbidden {
		t.Fatalf("the copy opened under another key: %v", err)
	}
}

// TestCopyRefusesATargetWithData: a second copy into the same database is
// refused, in Chinese, and changes nothing.
func TestCopyRefusesATargetWithData(t *testing.T) {
	ctx := context.Background()
	s, _, _ := pilot(t, 3)
	dsn := pgtest.Database(t)
	if _, err := s.CopyTo(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	_, err := s.CopyTo(ctx, dsn)
	if hall.ErrorCode(err) != hall.EConflict || !strings.Contains(hall.ErrorMessage(err), "不是空的") {
		t.Fatalf("second copy: %v", err)
	}
	if n := rowsIn(t, dsn, "cases"); n != 3 {
		t.Fatalf("the refused copy left %d cases", n)
	}
}

// TestCopyThatDiffersIsRefusedAndLeavesNothing: a target that changes a
// case as it is written (a trigger, as a faulty driver or disk would) fails
// the check; the message names the case and the target stays empty.
func TestCopyThatDiffersIsRefusedAndLeavesNothing(t *testing.T) {
	ctx := context.Background()
	s, _, _ := pilot(t, 12)
	dsn, c := schemaOnly(t)
	if _, err := c.Exec(ctx, `CREATE FUNCTION spoil() RETURNS trigger AS $$ BEGIN
			IF NEW.no = '`+caseNo(6)+`' THEN NEW.state := 'x'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
		CREATE TRIGGER spoil BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION spoil()`); err != nil {
		t.Fatal(err)
	}
	_, err := s.CopyTo(ctx, dsn)
	if msg := hall.ErrorMessage(err); !strings.Contains(msg, "办件 "+caseNo(6)) || !strings.Contains(msg, "未作改动") {
		t.Fatalf("a spoilt copy: %v", err)
	}
	if n := rowsIn(t, dsn, "cases"); n != 0 {
		t.Fatalf("the refused copy left %d cases", n)
	}
	if _, err := c.Exec(ctx, "DROP TRIGGER spoil ON cases"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CopyTo(ctx, dsn); err != nil {
		t.Fatalf("a second run after the refusal: %v", err)
	}
}

// TestCopyRefusesAPilotStillWriting: a write to the pilot between the
// snapshot and the commit would be lost; the copy sees it and refuses.
func TestCopyRefusesAPilotStillWriting(t *testing.T) {
	ctx := context.Background()
	s, d, _ := pilot(t, 3)
	dsn, c := schemaOnly(t)
	// The pilot writes after the copy took its snapshot, while the copy
	// waits for a table of the target.
	lock, err := c.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.Exec(ctx, "LOCK TABLE meta IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := s.CopyTo(ctx, dsn); done <- err }()
	time.Sleep(500 * time.Millisecond)
	if _, err := s.ApplyBatch(ctx, d, caseOps(t, "late", "341122-20261124-07-0001", "11010519491231002X")); err != nil {
		t.Fatal(err)
	}
	lock.Rollback(ctx)
	err = <-done
	if hall.ErrorCode(err) != hall.EConflict || !strings.Contains(hall.ErrorMessage(err), "仍在写入") {
		t.Fatalf("copy while the pilot writes: %v", err)
	}
	if n := rowsIn(t, dsn, "cases"); n != 0 {
		t.Fatalf("the refused copy left %d cases", n)
	}
}

func rowsIn(t *testing.T, dsn, table string) int {
	t.Helper()
	c, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	var n int
	if err := c.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// BenchmarkCopyToPostgres copies a pilot of 10,000 cases (20,000 events,
// 1,000 scans) into PostgreSQL and checks it, once per iteration:
// go test -run '^$' -bench CopyToPostgres -benchtime 1x ./platform/store/
func BenchmarkCopyToPostgres(b *testing.B) {
	const n = 10000
	s, _, _ := pilot(b, n)
	ctx := context.Background()
	var rep CopyReport
	for b.Loop() {
		dsn := pgtest.Database(b)
		var err error
		if rep, err = s.CopyTo(ctx, dsn); err != nil {
			b.Fatal(err)
		}
	}
	var rows int64
	for _, t := range rep.Tables {
		rows += t.Rows
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(rep.Cases)/rep.Took.Seconds(), "cases/s")
}

// schemaOnly is a new PostgreSQL database holding the store's tables and
// nothing else, with a connection to it.
func schemaOnly(t *testing.T) (string, *pgx.Conn) {
	t.Helper()
	ctx := context.Background()
	dsn := pgtest.Database(t)
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	if _, err := c.Exec(ctx, schemaPostgres); err != nil {
		t.Fatal(err)
	}
	return dsn, c
}
