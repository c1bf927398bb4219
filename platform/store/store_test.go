package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/secure"
	"yichuang/sync/protocol"
	"yichuang/testsupport/pgtest"
)

// TestMain runs the store's tests on SQLite, or on PostgreSQL with
// YICHUANG_TEST_PLATFORM_DB=postgres (testsupport/pgtest).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func openTest(t *testing.T) (*Store, Desk) {
	t.Helper()
	return openTestAt(t, pgtest.PlatformDB(t, filepath.Join(t.TempDir(), "p.db")))
}

// openTestAt opens a store at target with one registered desk.
func openTestAt(t testing.TB, target string) (*Store, Desk) {
	t.Helper()
	ctx := context.Background()
	key, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, target, key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	code, err := s.AddDesk(ctx, "341122", "07", "清河县政务服务中心")
	if err != nil {
		t.Fatal(err)
	}
	reg, err := s.Register(ctx, code, "host")
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Desk(ctx, reg.DeskID)
	if err != nil {
		t.Fatal(err)
	}
	return s, d
}

// caseOps makes the two operations of a case received and accepted at the
// desk, as the desk's store enqueues them.
func caseOps(t testing.TB, id, no, idNumber string) []protocol.Op {
	t.Helper()
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	c := hall.Case{ID: id, No: no, ItemCode: "000104001001", ItemName: "出生登记", Department: "清河县公安局",
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "王喆", IDType: hall.IDResidentCard, IDNumber: idNumber}}
	var ops []protocol.Op
	for i, a := range []hall.Action{hall.ActReceive, hall.ActAccept} {
		ev, err := hall.Apply(&c, hall.Event{ID: id + "-e" + string(rune('1'+i)), Action: a, At: at})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(map[string]any{"case": c, "event": ev})
		ops = append(ops, protocol.Op{ID: ev.ID, Kind: hall.OpCaseEvent, CaseID: id, Body: body})
	}
	return ops
}

func codes(rs []protocol.Result) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return strings.Join(out, ",")
}

func TestBatchAppliesOnceAndAnswersResendsAsDuplicates(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	good := caseOps(t, "c1", "341122-20261123-07-0001", "11010519491231002X")
	badID := caseOps(t, "c2", "341122-20261123-07-0002", "110105194912310021")
	otherHall := caseOps(t, "c3", "341100-20261123-07-0003", "11010519491231002X")
	batch := append(append(append([]protocol.Op{}, good[0]), badID...), append(otherHall, good[1])...)
	rs, err := s.ApplyBatch(ctx, d, batch)
	if err != nil {
		t.Fatal(err)
	}
	if got := codes(rs); got != "applied,invalid,blocked,forbidden,blocked,applied" {
		t.Fatalf("codes %s", got)
	}
	if !strings.Contains(rs[1].Message, "公民身份号码") || !strings.Contains(rs[3].Message, "不是本窗口的编号") {
		t.Errorf("messages: %q / %q", rs[1].Message, rs[3].Message)
	}
	rs, err = s.ApplyBatch(ctx, d, good)
	if err != nil || codes(rs) != "duplicate,duplicate" {
		t.Fatalf("resend: %s %v", codes(rs), err)
	}
	st, _ := s.Stats(ctx)
	if st.Cases != 1 || st.Events != 2 || st.OpsApplied != 2 || st.OpsDuplicate != 2 || st.OpsRejected != 2 {
		t.Errorf("stats %+v", st)
	}
	// An event that skips the platform's state is a conflict.
	again := caseOps(t, "c4", "341122-20261123-07-0004", "11010519491231002X")
	if rs, _ := s.ApplyBatch(ctx, d, again[1:]); codes(rs) != "conflict" {
		t.Errorf("accept before receive: %s", codes(rs))
	}
	// A number taken by another case is a conflict too.
	clash := caseOps(t, "c5", "341122-20261123-07-0001", "11010519491231002X")
	if rs, _ := s.ApplyBatch(ctx, d, clash[:1]); codes(rs) != "conflict" || !strings.Contains(rs[0].Message, "已被平台上另一件办件使用") {
		t.Errorf("number clash: %+v", rs)
	}
}

// Within one batch a case is written once, with its last snapshot, and
// its events together: an operation sent twice in the batch is applied
// once, a number two new cases of the batch share is refused for the
// second, and the events keep their order after those already held.
func TestBatchKeepsItsRulesWithinItself(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	a := caseOps(t, "c1", "341122-20261123-07-0001", "11010519491231002X")
	if rs, err := s.ApplyBatch(ctx, d, a[:1]); err != nil || codes(rs) != "applied" {
		t.Fatalf("first: %s %v", codes(rs), err)
	}
	b := caseOps(t, "c2", "341122-20261123-07-0002", "11010519491231002X")
	clash := caseOps(t, "c3", "341122-20261123-07-0002", "11010519491231002X")
	rs, err := s.ApplyBatch(ctx, d, []protocol.Op{a[1], b[0], a[1], clash[0], b[1], clash[1]})
	if err != nil {
		t.Fatal(err)
	}
	if got := codes(rs); got != "applied,applied,duplicate,conflict,applied,blocked" {
		t.Fatalf("codes %s", got)
	}
	if !strings.Contains(rs[3].Message, "已被平台上另一件办件使用") {
		t.Errorf("clash message %q", rs[3].Message)
	}
	st, _ := s.Stats(ctx)
	if st.Cases != 2 || st.Events != 4 || st.OpsApplied != 4 || st.OpsDuplicate != 1 || st.OpsRejected != 1 {
		t.Errorf("stats %+v", st)
	}
	for _, no := range []string{"341122-20261123-07-0001", "341122-20261123-07-0002"} {
		v, err := s.Case(ctx, no)
		if err != nil {
			t.Fatal(err)
		}
		var c hall.Case
		if err := json.Unmarshal(v.Case, &c); err != nil || c.State != hall.StateAccepted || c.Applicant.Name != "王喆" {
			t.Errorf("%s: the platform holds %s (%v)", no, v.Case, err)
		}
		var actions []string
		for _, e := range v.Events {
			var ev hall.Event
			json.Unmarshal(e, &ev)
			actions = append(actions, string(ev.Action))
		}
		if got := strings.Join(actions, ","); got != string(hall.ActReceive)+","+string(hall.ActAccept) {
			t.Errorf("%s: events %s", no, got)
		}
	}
}

func TestPullPagesAndCompactsTheLog(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	for i := 0; i < 5; i++ {
		u := hall.PlatformUser{ID: "u" + string(rune('0'+i)), Name: "用户", Hall: "341122", Role: "clerk", Active: true}
		if err := s.PublishUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PublishUser(ctx, hall.PlatformUser{ID: "u0", Name: "改名", Hall: "341122", Role: "admin", Active: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.PublishUser(ctx, hall.PlatformUser{ID: "x", Name: "别处", Hall: "341100", Role: "clerk", Active: true}); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Stats(ctx); st.Changes != 6 {
		t.Errorf("the log keeps %d changes, want 6 (one per user)", st.Changes)
	}
	var got []string
	cur := map[string]string{}
	for page := 0; ; page++ {
		res, err := s.Pull(ctx, d, protocol.PullRequest{Cursors: cur, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range res.Changes {
			got = append(got, c.Key)
		}
		cur = res.Cursors
		if !res.More {
			break
		}
		if page > 5 {
			t.Fatal("pull never ends")
		}
	}
	if strings.Join(got, ",") != "u1,u2,u3,u4,u0" {
		t.Errorf("pulled %v", got)
	}
	res, _ := s.Pull(ctx, d, protocol.PullRequest{Cursors: cur})
	if len(res.Changes) != 0 || res.Cursors["catalog"] != cur["catalog"] {
		t.Errorf("a pull at the end brought %d changes, cursors %v", len(res.Changes), res.Cursors)
	}
	if _, err := s.Pull(ctx, d, protocol.PullRequest{Cursors: map[string]string{"users": "x1"}}); hall.ErrorCode(err) != hall.EInvalid {
		t.Errorf("bad cursor: %v", err)
	}
}

func TestAuditChainIsChecked(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	var recs []protocol.AuditRecord
	var hashes []string
	prev := secure.Genesis
	for i := 1; i <= 4; i++ {
		r := protocol.AuditRecord{Seq: int64(i), ID: "a" + string(rune('0'+i)), At: "2026-11-23T09:00:00Z",
			UserID: "u1", UserName: "王堃", Role: "clerk", Action: "case", Object: "341122-20261123-07-0001", Outcome: "成功"}
		prev = secure.ChainHash(prev, r.Fields())
		recs, hashes = append(recs, r), append(hashes, prev)
	}
	first := protocol.AuditPush{Prev: secure.Genesis, Records: recs[:2], Last: hashes[1]}
	if through, err := s.ApplyAudit(ctx, d, first); through != 2 || err != nil {
		t.Fatalf("first two: through %d, %v", through, err)
	}
	forged := append([]protocol.AuditRecord(nil), recs...)
	forged[2].Detail = "改过的内容"
	through, err := s.ApplyAudit(ctx, d, protocol.AuditPush{Prev: secure.Genesis, Records: forged, Last: hashes[3]})
	if through != 2 || hall.ErrorCode(err) != hall.EConflict || !strings.Contains(hall.ErrorMessage(err), "可能被改动") {
		t.Fatalf("a forged record: through %d, %v", through, err)
	}
	through, err = s.ApplyAudit(ctx, d, protocol.AuditPush{Prev: secure.Genesis, Records: recs, Last: hashes[3]})
	if through != 4 || err != nil {
		t.Fatalf("the true log, overlapping: through %d, %v", through, err)
	}
	gap := protocol.AuditPush{Prev: hashes[3], Records: []protocol.AuditRecord{{Seq: 6, ID: "a6"}}, Last: "x"}
	if through, err = s.ApplyAudit(ctx, d, gap); through != 4 || !strings.Contains(hall.ErrorMessage(err), "缺少第 5 至 5 条") {
		t.Errorf("a gap: through %d, %v", through, err)
	}
	if st, _ := s.Stats(ctx); st.AuditRecords != 4 {
		t.Errorf("kept %d records", st.AuditRecords)
	}
}

// A scan sealed under one platform key opens after the key is rotated,
// and its sealed file holds none of its bytes in clear.
func TestScanSurvivesRekey(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	scan := []byte(strings.Repeat("居民身份证扫描件 ", 500))
	sum := sha256.Sum256(scan)
	sha := hex.EncodeToString(sum[:])
	path := filepath.Join(t.TempDir(), sha+".sm4")
	fileKey, err := s.SealFile(path, sha, bytes.NewReader(scan))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.FileVerified(ctx, sha, int64(len(scan)), path, fileKey); err != nil {
		t.Fatal(err)
	}
	if raw, _ := os.ReadFile(path); bytes.Contains(raw, scan[:30]) {
		t.Fatal("the sealed file holds the scan in clear")
	}
	next, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Rekey(ctx, next); err != nil {
		t.Fatal(err)
	}
	rc, err := s.OpenFile(ctx, sha)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil || !bytes.Equal(got, scan) {
		t.Fatalf("after rekey: %d bytes, %v", len(got), err)
	}
	// A changed byte does not open.
	raw, _ := os.ReadFile(path)
	raw[len(raw)-20] ^= 1
	os.WriteFile(path, raw, 0o600)
	rc2, err := s.OpenFile(ctx, sha)
	if err == nil {
		_, err = io.ReadAll(rc2)
		rc2.Close()
	}
	if err == nil {
		t.Fatal("a changed sealed scan opened")
	}
}

// A SQLite store made before the change log was numbered from a counter
// goes on from the numbers it gave, never giving one again (one of them
// replaced, and so deleted, on the way).
func TestOlderStoreNumbersOnFromItsLog(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.db")
	key, _ := NewKey()
	s, err := Open(ctx, path, key)
	if err != nil {
		t.Fatal(err)
	}
	for _, year := range []int{2027, 2028, 2028} { // the second 2028 replaces the first: seq 2 is gone
		if err := s.PublishCalendar(ctx, year, json.RawMessage(`{}`)); err != nil {
			t.Fatal(err)
		}
	}
	// What an older store lacks: the counters.
	if _, err := s.write.Exec("DELETE FROM counters WHERE name LIKE 'seq:%'"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(ctx, path, key); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.PublishCalendar(ctx, 2029, json.RawMessage(`{}`)); err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	rows, err := s.read.Query("SELECT seq FROM changes ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n int64
		rows.Scan(&n)
		seqs = append(seqs, n)
	}
	rows.Close()
	if fmt.Sprint(seqs) != "[1 3 4]" {
		t.Fatalf("change numbers %v, want [1 3 4]", seqs)
	}
}

// TestDatabaseSize: PostgreSQL's size is what the load bench reports; a
// SQLite store's size is its files', so the call is refused there.
func TestDatabaseSize(t *testing.T) {
	s, _ := openTest(t)
	n, err := s.DatabaseSize(context.Background())
	if s.Postgres() {
		if err != nil || n <= 0 {
			t.Fatalf("PostgreSQL database size %d, %v", n, err)
		}
		return
	}
	if err == nil {
		t.Fatalf("a SQLite store gave a database size %d", n)
	}
}
