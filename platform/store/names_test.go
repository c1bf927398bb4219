package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/secure"
	"yichuang/sync/protocol"
)

const distinctName = "欧阳娜娜"

// namedOps makes the receive and accept operations of a case of an
// applicant with the given name, a legal representative and a contact.
func namedOps(t *testing.T, id, no, name string) []protocol.Op {
	t.Helper()
	ops := caseOps(t, id, no, "11010519491231002X")
	for i := range ops {
		var body map[string]json.RawMessage
		if err := json.Unmarshal(ops[i].Body, &body); err != nil {
			t.Fatal(err)
		}
		var c hall.Case
		if err := json.Unmarshal(body["case"], &c); err != nil {
			t.Fatal(err)
		}
		c.Applicant.Name = name
		c.Materials = []hall.CaseMaterial{{Name: "居民身份证"}}
		body["case"], _ = json.Marshal(c)
		ops[i].Body, _ = json.Marshal(body)
	}
	return ops
}

// fileBytes is the database file and its WAL, as a thief would copy them;
// on PostgreSQL every row of every table as text, as a dump holds them.
func fileBytes(t *testing.T, path string) []byte {
	t.Helper()
	if IsPostgres(path) {
		return postgresRows(t, path)
	}
	var all []byte
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

// rowsHolding lists the tables whose text holds s.
func rowsHolding(t *testing.T, path, s string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if IsPostgres(path) {
		db, err = sql.Open("pgx", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var found []string
	for _, q := range []string{"SELECT doc FROM cases", "SELECT doc FROM case_events",
		"SELECT doc FROM audit_records", "SELECT doc FROM changes", "SELECT doc FROM supervision", "SELECT case_no FROM case_views"} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(v, s) {
				found = append(found, q)
			}
		}
		rows.Close()
	}
	return found
}

// After a push, no applicant's name is in the platform's file in clear;
// the operator's search by name finds the case through its hash, and the
// owning desk still gets the name.
func TestNamesAreSealedAndFoundByHash(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	ops := namedOps(t, "c1", "341122-20261123-07-0001", distinctName)
	if rs, err := s.ApplyBatch(ctx, d, ops); err != nil || codes(rs) != "applied,applied" {
		t.Fatalf("push: %s %v", codes(rs), err)
	}
	other := namedOps(t, "c2", "341122-20261123-07-0002", "欧阳娜")
	if rs, err := s.ApplyBatch(ctx, d, other); err != nil || codes(rs) != "applied,applied" {
		t.Fatalf("push: %s %v", codes(rs), err)
	}
	if _, err := s.Decide(ctx, "341122-20261123-07-0001", hall.Event{Action: hall.ActStartReview, Actor: "后台审批"}); err != nil {
		t.Fatal(err)
	}
	// Asked with a full-width space around it: the search normalises.
	found, more, err := s.CasesByName(ctx, "\u3000"+distinctName+" ", "cli:test")
	if err != nil || more || len(found) != 1 || found[0].No != "341122-20261123-07-0001" || found[0].Applicant != distinctName ||
		found[0].ItemName != "出生登记" || found[0].DeskID != d.ID {
		t.Fatalf("search by name: %+v %v %v", found, more, err)
	}
	if views, _ := s.CaseViews(ctx); len(views) != 1 || views[0].Outcome != ViewListed || views[0].Viewer != "cli:test" {
		t.Errorf("the search was logged as %+v", views)
	}
	if found, _, _ := s.CasesByName(ctx, "欧阳", "cli:test"); len(found) != 0 {
		t.Errorf("a part of a name found %+v", found)
	}
	v, err := s.ViewCase(ctx, "341122-20261123-07-0001", "desk:"+d.ID, d.ID)
	if err != nil || !bytes.Contains(v.Case, []byte(`"name":"`+distinctName+`"`)) || !bytes.Contains(v.Case, []byte(`"居民身份证"`)) {
		t.Fatalf("the owning desk's view: %s %v", v.Case, err)
	}
	// A key rotation re-hashes the names under the new key's look-up key.
	next, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Rekey(ctx, next); err != nil {
		t.Fatal(err)
	}
	if found, _, err := s.CasesByName(ctx, distinctName, "cli:test"); err != nil || len(found) != 1 || found[0].Applicant != distinctName {
		t.Fatalf("after a key rotation the search finds %+v, %v", found, err)
	}
	path := s.target
	s.Close()
	if bytes.Contains(fileBytes(t, path), []byte(distinctName)) || bytes.Contains(fileBytes(t, path), []byte("欧阳娜")) {
		t.Error("the database file holds an applicant's name in clear")
	}
	if tables := rowsHolding(t, path, "欧阳"); len(tables) != 0 {
		t.Errorf("rows hold the name in clear: %v", tables)
	}
	// Material names are not people's: they stay readable.
	if tables := rowsHolding(t, path, "居民身份证"); len(tables) == 0 {
		t.Error("a material's name was sealed too")
	}
}

// Names of people anywhere in a document are sealed; other "name" keys
// are not.
func TestSealDocSealsPeoplesNamesOnly(t *testing.T) {
	k, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	doc := []byte(`{"applicant":{"name":"清河县某某有限公司","legal_rep":"欧阳娜娜","contact_name":"司马光",` +
		`"id_number":"91341122MA2XXXXX0X"},"materials":[{"name":"营业执照","originals":1}],` +
		`"data":{"delivery":{"collector":"诸葛亮","n":12345678901234567890}}}`)
	sealed, err := k.sealDoc(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, clear := range []string{"清河县某某有限公司", "欧阳娜娜", "司马光", "诸葛亮"} {
		if bytes.Contains(sealed, []byte(clear)) {
			t.Errorf("%s left in clear: %s", clear, sealed)
		}
	}
	if !bytes.Contains(sealed, []byte(`"营业执照"`)) || !bytes.Contains(sealed, []byte(`12345678901234567890`)) {
		t.Errorf("a material's name or a number changed: %s", sealed)
	}
	opened, err := k.openDoc(string(sealed))
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	json.Unmarshal(doc, &a)
	json.Unmarshal(opened, &b)
	if ja, _ := json.Marshal(a); !bytes.Equal(ja, mustJSON(b)) {
		t.Errorf("opened %s, want %s", opened, doc)
	}
	if hasClearName(sealed) || !hasClearName(doc) {
		t.Error("hasClearName is wrong")
	}
}

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }

// sealDoc seals in one walk exactly what SealJSON and then mapNames seal
// in two: the same values, and the rest of the document as they leave it.
func TestSealDocSealsWhatTheTwoWalksSeal(t *testing.T) {
	k, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	sealedRE := regexp.MustCompile(`"` + regexp.QuoteMeta(secure.Prefix) + `[^"]*"`)
	twoWalks := func(doc []byte) []byte {
		out, err := k.Cipher().SealJSON(doc)
		if err != nil {
			t.Fatal(err)
		}
		out, _, err = mapNames(out, k.Cipher().SealString)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, doc := range []string{
		`{"id":"c1","applicant":{"kind":"natural","name":"欧阳娜娜","id_type":"resident_card","id_number":"11010519491231002X",` +
			`"phone":"13800138000","address":"清河县人民路1号"},"materials":[{"name":"居民身份证","files":["ab"]}],` +
			`"data":{"spouse_id":"110105194912310021","tels":["13900139000","x"],"n":1.50,"delivery":{"collector":"诸葛亮"}}}`,
		`{"applicant":{"name":"清河县某某有限公司","legal_rep":"司马光","contact_name":"张三","contact_phone":"0551-1234567"},` +
			`"bundle":{"name":"开办企业"},"people":[{"applicant":{"name":"李四"}}]}`,
		`{"action":"accept","at":"2026-11-23T09:00:00Z","data":{"reason":"材料齐全"}}`,
		`{"applicant":{"name":"` + secure.Prefix + `AAAA"},"phone":""}`,
		`{"applicant":{"name":"王\u5586","phone":"13800138000"},"n":[1e5,-0,12345678901234567890,1.50,0.1e-2],` +
			`"s":"<a href=\"x\">&amp;</a>\u2028\u2029\ud83d\ude00\t\\","e":{},"z":[],"b":[true,false,null]}`,
		"{\"applicant\":{\"name\":\"bad \xff\xfe utf-8\"},\"note\":\"\xc3\x28\"}",
		`"13800138000"`,
		`12.50`,
		`[{"address":"人民路"},"110105194912310021"]`,
		` `,
	} {
		one, err := k.sealDoc([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		two := twoWalks([]byte(doc))
		mask := func(b []byte) string { return sealedRE.ReplaceAllString(string(b), `"SEALED"`) }
		if mask(one) != mask(two) {
			t.Errorf("one walk sealed\n%s\ntwo walks\n%s", mask(one), mask(two))
		}
		if (string(one) == doc) != (string(two) == doc) {
			t.Errorf("one walk and two disagree on whether %s changes", doc)
		}
	}
}

// A store written before names were sealed (names in clear, no name_hash
// column, no index) is sealed and hashed when it opens, in one pass, and
// a second open changes nothing.
func TestOlderStoreGetsItsNamesSealedAndHashed(t *testing.T) {
	ctx := context.Background()
	s, d := openTestAt(t, filepath.Join(t.TempDir(), "p.db")) // older stores are SQLite files
	for i, no := range []string{"341122-20261123-07-0001", "341122-20261123-07-0002"} {
		ops := namedOps(t, "c"+string(rune('1'+i)), no, distinctName)
		if rs, err := s.ApplyBatch(ctx, d, ops); err != nil || codes(rs) != "applied,applied" {
			t.Fatalf("push: %s %v", codes(rs), err)
		}
	}
	path, key := s.path, s.key
	s.Close()
	// Make it what the older store wrote: its sealDoc sealed with SealJSON
	// only (case c1, its events); a store older still left c2 all in clear.
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"cases", "case_events"} {
		rows, err := db.Query("SELECT id, doc FROM " + table)
		if err != nil {
			t.Fatal(err)
		}
		docs := map[string]string{}
		for rows.Next() {
			var id, doc string
			rows.Scan(&id, &doc)
			docs[id] = doc
		}
		rows.Close()
		for id, doc := range docs {
			clear, err := key.openDoc(doc)
			if err != nil {
				t.Fatal(err)
			}
			old := string(clear)
			if !strings.HasPrefix(id, "c2") {
				b, _ := key.Cipher().SealJSON(clear)
				old = string(b)
			}
			if _, err := db.Exec("UPDATE "+table+" SET doc = ? WHERE id = ?", old, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, q := range []string{"DROP INDEX cases_name", "ALTER TABLE cases DROP COLUMN name_hash", "DELETE FROM meta WHERE name = 'sealed_rules'"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	db.Close()
	if tables := rowsHolding(t, path, distinctName); len(tables) < 2 {
		t.Fatalf("the older store should hold the name in clear, found in %v", tables)
	}

	s, err = Open(ctx, path, key)
	if err != nil {
		t.Fatal(err)
	}
	found, _, err := s.CasesByName(ctx, distinctName, "cli:test")
	if err != nil || len(found) != 2 {
		t.Fatalf("after the upgrade the search finds %+v, %v", found, err)
	}
	var plan string
	rows, err := s.read.QueryContext(ctx, "EXPLAIN QUERY PLAN SELECT no FROM cases WHERE name_hash = 'x'")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, parent, notused int
		var detail string
		rows.Scan(&id, &parent, &notused, &detail)
		plan += detail
	}
	rows.Close()
	if !strings.Contains(plan, "cases_name") {
		t.Errorf("the search does not use the index: %s", plan)
	}
	s.Close()
	before := docsOf(t, path)
	if tables := rowsHolding(t, path, distinctName); len(tables) != 0 {
		t.Errorf("after the upgrade rows hold the name in clear: %v", tables)
	}
	if bytes.Contains(fileBytes(t, path), []byte(distinctName)) {
		t.Error("the name lingers in the file's free pages or WAL after the upgrade")
	}
	// Idempotent: a second open rewrites nothing.
	s, err = Open(ctx, path, key)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if after := docsOf(t, path); after != before {
		t.Error("a second open rewrote the cases")
	}
}

// docsOf is every case's doc and name hash, for comparing two opens.
func docsOf(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out string
	if err := db.QueryRow("SELECT group_concat(id || doc || name_hash, '|') FROM (SELECT * FROM cases ORDER BY id)").Scan(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// seedNamed writes n cases of desk d straight into the store (the push's
// checks cost more than the rows), one applicant name in 100 being
// distinctName, sealed as a push seals them when sealed is true, else as
// the store before names were sealed wrote them.
func seedNamed(b *testing.B, s *Store, d Desk, n int, sealed bool) {
	b.Helper()
	ctx := context.Background()
	err := s.update(ctx, func(tx *txn, now time.Time) error {
		for i := 0; i < n; i++ {
			name := fmt.Sprintf("申请人%d", i)
			if i%100 == 0 {
				name = distinctName
			}
			c := hall.Case{ID: fmt.Sprintf("c%06d", i), No: fmt.Sprintf("341122-20261123-07-%06d", i), ItemCode: "000104001001",
				ItemName: "出生登记", State: hall.StateAccepted,
				Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: name, IDNumber: "11010519491231002X", Phone: "13912345678"}}
			raw, _ := json.Marshal(c)
			doc, hash := raw, s.key.nameHash(name)
			var err error
			if sealed {
				doc, err = s.key.sealDoc(raw)
			} else {
				doc, err = s.key.Cipher().SealJSON(raw)
				hash = ""
			}
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO cases (id, no, desk_id, hall_code, state, doc, updated_at, name_hash)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.No, d.ID, d.HallCode, string(c.State), string(doc), stamp(now), hash); err != nil {
				return err
			}
			if err := s.noteSupervision(ctx, tx, c.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// The operator's search by name among 20,000 cases: the index finds the
// 200 of one name, and only those are opened.
func BenchmarkCasesByName(b *testing.B) {
	ctx := context.Background()
	s, d := openBench(b)
	seedNamed(b, s, d, 20000, true)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		found, _, err := s.CasesByName(ctx, distinctName, "bench")
		if err != nil || len(found) != 200 {
			b.Fatalf("%d found, %v", len(found), err)
		}
	}
}

// The one-time upgrade of a store of 20,000 cases whose names are in
// clear: open seals and hashes them all and rebuilds the file. (An open
// of an upgraded store reads no case: BenchmarkReopen.)
func BenchmarkUpgradeSealsNames(b *testing.B) {
	ctx := context.Background()
	s, d := openBench(b)
	seedNamed(b, s, d, 20000, false)
	path, key := s.path, s.key
	s.Close()
	old, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		p := filepath.Join(b.TempDir(), "p.db")
		if err := os.WriteFile(p, old, 0o600); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		s, err := Open(ctx, p, key)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		found, _, err := s.CasesByName(ctx, distinctName, "bench")
		s.Close()
		if err != nil || len(found) != 200 {
			b.Fatalf("after the upgrade %d found, %v", len(found), err)
		}
		b.StartTimer()
	}
}

// An open of a store of 20,000 cases already sealed, names and all.
func BenchmarkReopen(b *testing.B) {
	ctx := context.Background()
	s, d := openBench(b)
	seedNamed(b, s, d, 20000, true)
	path, key := s.path, s.key
	s.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := Open(ctx, path, key)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

func openBench(b *testing.B) (*Store, Desk) {
	b.Helper()
	return openTestAt(b, filepath.Join(b.TempDir(), "p.db"))
}

// postgresRows is every row of every table of the database at dsn, as
// text.
func postgresRows(t *testing.T, dsn string) []byte {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	if len(tables) < 10 {
		t.Fatalf("only %d tables in %v", len(tables), tables)
	}
	var all []byte
	for _, table := range tables {
		rows, err := db.Query("SELECT CAST(t AS TEXT) FROM " + table + " t")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v string
			rows.Scan(&v)
			all = append(all, v...)
		}
		rows.Close()
	}
	return all
}

// Sealing a pushed case as the push does (sealDocCompact of the case as
// sent): go test -run '^$' -bench SealCase -benchmem ./platform/store/
func BenchmarkSealCase(b *testing.B) {
	k, err := NewKey()
	if err != nil {
		b.Fatal(err)
	}
	s := &Store{key: k}
	var body struct{ Case json.RawMessage }
	if err := json.Unmarshal(caseOps(b, "c1", "341122-20261123-07-0001", "11010519491231002X")[1].Body, &body); err != nil {
		b.Fatal(err)
	}
	b.Run("walk", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.sealDocCompact(body.Case); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("maps", func(b *testing.B) { // what the walk replaced, for comparison
		for b.Loop() {
			if _, err := sealDocMaps(body.Case, testWould, k.Cipher().SealString); err != nil {
				b.Fatal(err)
			}
		}
	})
}
