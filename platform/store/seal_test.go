package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/testsupport/pgtest"
)

const clearID = "11010519491231002X"

// inClear writes a row back in clear, as an older platform binary would
// have written it: case id's document, or case event id's with an ID
// number in its data.
func inClear(t *testing.T, s *Store, table, id string) {
	t.Helper()
	ctx := context.Background()
	var doc string
	if err := s.write.QueryRowContext(ctx, s.d.bind("SELECT doc FROM "+table+" WHERE id = ?"), id).Scan(&doc); err != nil {
		t.Fatal(err)
	}
	clear, err := s.openDoc(doc)
	if err != nil {
		t.Fatal(err)
	}
	if table == "case_events" {
		var ev map[string]any
		if err := json.Unmarshal(clear, &ev); err != nil {
			t.Fatal(err)
		}
		ev["data"] = map[string]string{"id_number": clearID}
		clear, _ = json.Marshal(ev)
	}
	if _, err := s.write.ExecContext(ctx, s.d.bind("UPDATE "+table+" SET doc = ? WHERE id = ?"), string(clear), id); err != nil {
		t.Fatal(err)
	}
}

// sealMarker is the store's 'sealed_rules', "" when absent.
func sealMarker(t *testing.T, s *Store) string {
	t.Helper()
	var v string
	_ = s.read.QueryRowContext(context.Background(), "SELECT value FROM meta WHERE name = 'sealed_rules'").Scan(&v)
	return v
}

func reopen(t *testing.T, s *Store) *Store {
	t.Helper()
	target, key := s.target, s.key
	s.Close()
	s, err := Open(context.Background(), target, key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// A store written in clear is sealed at its first open and marked; an open
// of a marked store reads nothing, so a row an older binary slipped in
// clear after the marker stays so until the whole pass (SealCheck) seals
// it; the pass then finds nothing more. A marker of other rules is no
// marker: the open scans again.
func TestSealedOnceAtOpenThenOnPurpose(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	if rs, err := s.ApplyBatch(ctx, d, caseOps(t, "c1", "341122-20261123-07-0001", clearID)); err != nil || codes(rs) != "applied,applied" {
		t.Fatalf("push: %s %v", codes(rs), err)
	}
	if m := sealMarker(t, s); m != sealRules {
		t.Fatalf("a new store is marked %q", m)
	}
	// What an older store holds: an event in clear, no marker.
	inClear(t, s, "case_events", "c1-e1")
	if _, err := s.write.ExecContext(ctx, "DELETE FROM meta WHERE name = 'sealed_rules'"); err != nil {
		t.Fatal(err)
	}
	if held := rowsHolding(t, s.target, clearID); len(held) != 1 {
		t.Fatalf("the older store should hold the ID number in one row, holds it in %v", held)
	}
	s = reopen(t, s)
	if got := s.SealedAtOpen(); got != (SealReport{Events: 1}) {
		t.Errorf("the first open sealed %+v", got)
	}
	if m := sealMarker(t, s); m != sealRules {
		t.Errorf("after the first open the marker is %q", m)
	}
	if held := rowsHolding(t, s.target, clearID); len(held) != 0 {
		t.Errorf("after the first open the ID number is in clear in %v", held)
	}

	// An older binary, after the marker: an event in clear, and a case
	// in clear beside the name hash it had.
	inClear(t, s, "case_events", "c1-e2")
	inClear(t, s, "cases", "c1")
	s = reopen(t, s)
	if got := s.SealedAtOpen(); got.Total() != 0 {
		t.Errorf("an open of a marked store sealed %+v", got)
	}
	if held := rowsHolding(t, s.target, clearID); len(held) != 2 {
		t.Fatalf("an open of a marked store scanned: the clear rows are not both there (%v)", held)
	}
	rep, err := s.SealCheck(ctx)
	if err != nil || rep != (SealReport{Cases: 1, Events: 1}) {
		t.Fatalf("the whole pass sealed %+v, %v", rep, err)
	}
	if held := rowsHolding(t, s.target, clearID); len(held) != 0 {
		t.Errorf("after the whole pass the ID number is in clear in %v", held)
	}
	if rep, err := s.SealCheck(ctx); err != nil || rep.Total() != 0 {
		t.Errorf("the pass on a clean store sealed %+v, %v", rep, err)
	}

	inClear(t, s, "case_events", "c1-e1")
	if _, err := s.write.ExecContext(ctx, "UPDATE meta SET value = '0' WHERE name = 'sealed_rules'"); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s)
	if got := s.SealedAtOpen(); got != (SealReport{Events: 1}) || sealMarker(t, s) != sealRules {
		t.Errorf("under other rules the open sealed %+v, marker %q", got, sealMarker(t, s))
	}
}

// A copy to PostgreSQL carries the pilot's marker only once it is true:
// a row in clear that an older binary left after the marker is sealed
// before the copy, so the copy, marked, holds nothing in clear.
func TestCopyCarriesATrueMarker(t *testing.T) {
	ctx := context.Background()
	s, _, key := pilot(t, 3)
	inClear(t, s, "case_events", "c00001-e1")
	dsn := pgtest.Database(t)
	if _, err := s.CopyTo(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	pg, err := Open(ctx, dsn, key)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	if got := pg.SealedAtOpen(); got.Total() != 0 {
		t.Errorf("the copy's open sealed %+v: its marker was not carried", got)
	}
	if m := sealMarker(t, pg); m != sealRules {
		t.Errorf("the copy is marked %q", m)
	}
	if held := rowsHolding(t, dsn, clearID); len(held) != 0 {
		t.Errorf("the copy holds the ID number in clear in %v", held)
	}
}

// The open of a store of 20,000 cases and 100,000 events, all sealed:
// marked, it reads none of them; unmarked, it runs the whole pass, as
// every open did before the marker (and as seal-check does).
func BenchmarkOpenSealed(b *testing.B) {
	ctx := context.Background()
	s, d := openBench(b)
	seedNamed(b, s, d, 20000, true)
	err := s.update(ctx, func(tx *txn, now time.Time) error {
		for i := range 100000 {
			c := i % 20000
			ev := hall.Event{ID: fmt.Sprintf("e%06d", i), CaseID: fmt.Sprintf("c%06d", c), Action: hall.ActAccept,
				From: hall.StateReceived, To: hall.StateAccepted, At: now, Actor: "窗口人员", PromiseDue: "2026-12-20"}
			raw, _ := json.Marshal(ev)
			doc, err := s.key.sealDoc(raw)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO case_events (id, case_id, seq, origin, at, doc) VALUES (?, ?, ?, 'desk', ?, ?)",
				ev.ID, ev.CaseID, 1+i/20000, stamp(now), string(doc)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	path, key := s.path, s.key
	s.Close()
	for _, marked := range []bool{true, false} {
		name := "marked"
		if !marked {
			name = "unmarked"
		}
		b.Run(name, func(b *testing.B) {
			for range b.N {
				if !marked {
					b.StopTimer()
					db, err := sql.Open("sqlite", "file:"+path)
					if err == nil {
						_, err = db.Exec("DELETE FROM meta WHERE name = 'sealed_rules'")
						db.Close()
					}
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				s, err := Open(ctx, path, key)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if s.SealedAtOpen().Total() != 0 {
					b.Fatalf("the open sealed %+v", s.SealedAtOpen())
				}
				s.Close()
				b.StartTimer()
			}
		})
	}
}
