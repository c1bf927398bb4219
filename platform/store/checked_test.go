package store

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/secure"
	"yichuang/sync/protocol"
)

// The stored copy a case event is checked against is decoded without
// opening its personal fields, but every field the checks read comes out
// as the opened document gives it — a rating's reason shaped like a mobile
// number, sealed at rest, included — and the whole case is opened before
// anything else reads it.
func TestCheckedCaseReadsAsOpened(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	c := hall.Case{ID: "c1", No: "341122-20261123-07-0001", ItemCode: "000104001001", ItemName: "出生登记",
		Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "王喆", IDType: hall.IDResidentCard,
			IDNumber: "11010519491231002X", Phone: "13800138000"},
		State: hall.StateAccepted, PromiseDue: "2026-11-30", LegalDue: "2026-12-20", ExtendedDays: 5,
		AcceptedAt: at, FinishedAt: at.Add(time.Hour), Clerk: "13900139000",
		Ratings: []hall.Rating{{Stage: hall.StageAccept, Level: hall.RateGood, Reason: "13700137000",
			Channel: hall.ChannelWindow, At: at}}}
	raw, _ := json.Marshal(c)
	doc, err := s.sealDoc(raw)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(doc, "13700137000") || strings.Contains(doc, "11010519491231002X") {
		t.Fatalf("the test's case is not sealed as it should be: %s", doc)
	}
	checked, full := &stored{doc: doc}, &stored{doc: doc}
	if err := s.decodeChecked("c1", checked); err != nil {
		t.Fatal(err)
	}
	if err := s.decodeStored("c1", full); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(full.c, c) {
		t.Fatalf("opened %+v, want %+v", full.c, c)
	}
	read := func(c hall.Case) hall.Case { // what applyCaseEvent and hall.Apply read
		return hall.Case{ID: c.ID, No: c.No, State: c.State, PromiseDue: c.PromiseDue, LegalDue: c.LegalDue,
			ExtendedDays: c.ExtendedDays, AcceptedAt: c.AcceptedAt, FinishedAt: c.FinishedAt, Ratings: c.Ratings}
	}
	if got, want := read(checked.c), read(c); !reflect.DeepEqual(got, want) {
		t.Errorf("checked copy reads\n%+v\nwant\n%+v", got, want)
	}
	if !secure.IsSealed(checked.c.Applicant.IDNumber) || !checked.checkOnly {
		t.Errorf("the applicant was opened for the checks: %+v", checked.c.Applicant)
	}
	// Checked against both, an event is answered alike.
	for _, ev := range []hall.Event{
		{ID: "e1", Action: hall.ActRate, At: at, Data: mustJSON(hall.Rating{Stage: hall.StageAccept, Level: hall.RateGood, Channel: hall.ChannelWindow})},
		{ID: "e2", Action: hall.ActExtend, At: at, Data: json.RawMessage(`{"extension":{"approver":"局长","reason":"需现场核查","days":10}}`)},
		{ID: "e3", Action: hall.ActOverdueReason, At: at.AddDate(0, 0, 9), Reason: "现场核查"},
	} {
		a, b := checked.c, full.c
		_, errA := hall.Apply(&a, ev)
		_, errB := hall.Apply(&b, ev)
		if errA == nil || errB == nil || errA.Error() != errB.Error() {
			t.Errorf("%s: checked copy answers %v, opened %v", ev.Action, errA, errB)
		}
	}
	err = s.update(ctx, func(tx *txn, _ time.Time) error {
		tx.keepCase("c1", checked)
		st, err := s.platformCase(ctx, tx, "c1")
		if err != nil {
			return err
		}
		if st.checkOnly || !reflect.DeepEqual(st.c, c) {
			t.Errorf("platformCase gave the checked copy: %+v", st.c)
		}
		// A case a pushed event replaced is the desk's snapshot, whole:
		// nothing opens the stored document again for it (its feed row).
		again := &stored{doc: doc}
		if err := s.decodeChecked("c1", again); err != nil {
			return err
		}
		tx.keepCase("c1", again)
		next := c
		next.Clerk = "张三"
		s.keepDeskEvent(tx, d, &caseEvent{c: next, ev: hall.Event{ID: "e9", CaseID: "c1", At: at}, rawCase: raw}, false)
		if again.checkOnly || !reflect.DeepEqual(again.c, next) {
			t.Errorf("the pushed snapshot is kept as checked only: %v %+v", again.checkOnly, again.c)
		}
		tx.events, tx.cases = nil, nil // nothing of it is written
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The feed row of a case a push created is built from the events the push
// kept, without reading them back, and is the row built from the events
// read: pushed, then rebuilt by a later transaction.
func TestFeedRowOfANewCaseIsTheRowReadBack(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	row := func() string {
		var doc string
		if err := s.write.QueryRowContext(ctx, "SELECT doc FROM supervision WHERE case_id = 'c1'").Scan(&doc); err != nil {
			t.Fatal(err)
		}
		return doc
	}
	rebuilt := func() string {
		if err := s.update(ctx, func(tx *txn, _ time.Time) error { return s.noteSupervision(ctx, tx, "c1") }); err != nil {
			t.Fatal(err)
		}
		return row()
	}
	ops := caseOps(t, "c1", "341122-20261123-07-0001", "11010519491231002X")
	if rs, err := s.ApplyBatch(ctx, d, ops); err != nil || codes(rs) != "applied,applied" {
		t.Fatalf("push: %v %v", err, rs)
	}
	kept := row()
	if !strings.Contains(kept, `"e":[["receive",`) || !strings.Contains(kept, `["accept",`) {
		t.Fatalf("the new case's row lacks its events: %s", kept)
	}
	if got := rebuilt(); got != kept {
		t.Errorf("row built from the kept events\n%s\nfrom the events read\n%s", kept, got)
	}
}

// A batch's later snapshots of cases the platform holds replace each one's
// state, document and file list, the cases together: one case's new
// files, another's none.
func TestLaterSnapshotsReplaceStateAndFiles(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	shaA, shaB := strings.Repeat("a", 64), strings.Repeat("b", 64)
	cases := map[string]*hall.Case{}
	push := func(act hall.Action, files map[string][]string) {
		t.Helper()
		var ops []protocol.Op
		for _, id := range []string{"c1", "c2"} {
			c := cases[id]
			c.Materials = []hall.CaseMaterial{{Name: "居民身份证", Files: files[id]}}
			ev, err := hall.Apply(c, hall.Event{ID: id + "-" + string(act), Action: act, At: at})
			if err != nil {
				t.Fatal(err)
			}
			body, _ := json.Marshal(map[string]any{"case": c, "event": ev})
			ops = append(ops, protocol.Op{ID: ev.ID, Kind: hall.OpCaseEvent, CaseID: id, Body: body})
		}
		if rs, err := s.ApplyBatch(ctx, d, ops); err != nil || codes(rs) != strings.TrimSuffix(strings.Repeat("applied,", len(ops)), ",") {
			t.Fatalf("%s: %v %+v", act, err, rs)
		}
	}
	for i, id := range []string{"c1", "c2"} {
		cases[id] = &hall.Case{ID: id, No: "341122-20261123-07-000" + string(rune('1'+i)), ItemCode: "000104001001",
			ItemName: "出生登记", Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: "王喆",
				IDType: hall.IDResidentCard, IDNumber: "11010519491231002X"}}
	}
	push(hall.ActReceive, map[string][]string{"c1": {shaA}, "c2": {shaA}})
	push(hall.ActAccept, map[string][]string{"c1": {shaA}, "c2": {shaA}})
	push(hall.ActStartReview, map[string][]string{"c1": {shaB}})
	for id, want := range map[string]string{"c1": shaB, "c2": ""} {
		v, err := s.Case(ctx, cases[id].No)
		if err != nil {
			t.Fatal(err)
		}
		var got hall.Case
		if err := json.Unmarshal(v.Case, &got); err != nil {
			t.Fatal(err)
		}
		var files []string
		for _, f := range v.Files {
			files = append(files, f.SHA256)
		}
		if got.State != hall.StateReview || strings.Join(files, ",") != want || got.Applicant.IDNumber != "11010519491231002X" {
			t.Errorf("%s: state %s, files %v (want %q), id number %q", id, got.State, files, want, got.Applicant.IDNumber)
		}
	}
}
