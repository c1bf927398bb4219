package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"yichuang/hall"
	"yichuang/secure"
	"yichuang/sync/protocol"
)

// stored is the platform's copy of a case, as the transaction reading it
// leaves it (txn.cases).
type stored struct {
	c    hall.Case
	doc  string // sealed, as written
	desk string
	// What a push has yet to write of it (writePending): the desk's
	// snapshot in clear, and whether the case is new to the platform.
	raw          json.RawMessage
	dirty, isNew bool
	// checkOnly: c was decoded from doc without opening it, only the fields
	// a case event's checks read opened (decodeChecked); platformCase opens
	// the rest before anything else reads it.
	checkOnly bool
	// evs are the case's events as its feed row shows them, when the
	// transaction created the case and only kept pushed events for it
	// (evsAll): the row is then built without reading them back.
	evs    []protocol.SupEvent
	evsAll bool
}

// platformCase reads case id, locking its row until the transaction ends,
// and keeps it in the transaction: a case read again in the same
// transaction (the next operation of a batch, its feed row) is not read,
// opened nor decoded again. nil: the platform has no such case.
func (s *Store) platformCase(ctx context.Context, tx *txn, id string) (*stored, error) {
	if st, ok := tx.cases[id]; ok {
		if st != nil && st.checkOnly {
			if err := s.decodeStored(id, st); err != nil {
				return nil, err
			}
		}
		return st, nil
	}
	st := &stored{}
	err := tx.QueryRowContext(ctx, "SELECT doc, desk_id FROM cases WHERE id = ?"+tx.d.lockRow, id).Scan(&st.doc, &st.desk)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := s.decodeStored(id, st); err != nil {
		return nil, err
	}
	tx.keepCase(id, st)
	return st, nil
}

// decodeStored opens and decodes the case document st holds.
func (s *Store) decodeStored(id string, st *stored) error {
	doc, err := s.openDoc(st.doc)
	if err != nil {
		return fmt.Errorf("case %s: %w", id, err)
	}
	st.c, st.checkOnly = hall.Case{}, false
	return decodeJSON(doc, &st.c)
}

// decodeChecked decodes the case document st holds for the checks of a
// case event pushed against it (applyCaseEvent, hall.Apply), which read
// its number, state, due dates, times, extension and ratings: those are
// opened where sealed, the rest is left as stored. The push replaces the
// case with the desk's snapshot, so its personal fields — most of what is
// sealed — are neither decrypted nor walked; platformCase opens the whole
// document if anything else reads the case (TestCheckedCaseReadsAsOpened).
func (s *Store) decodeChecked(id string, st *stored) error {
	st.c, st.checkOnly = hall.Case{}, true
	if err := decodeJSON([]byte(st.doc), &st.c); err != nil {
		return fmt.Errorf("case %s: %w", id, err)
	}
	c := &st.c
	fields := []*string{&c.ID, &c.No, (*string)(&c.State), &c.PromiseDue, &c.LegalDue}
	for i := range c.Ratings {
		r := &c.Ratings[i]
		fields = append(fields, (*string)(&r.Stage), (*string)(&r.Level), &r.Reason, &r.Channel)
	}
	cipher := s.key.Cipher()
	for _, f := range fields {
		if !secure.IsSealed(*f) {
			continue
		}
		opened, err := cipher.OpenString(*f)
		if err != nil {
			return fmt.Errorf("case %s: %w", id, err)
		}
		*f = opened
	}
	return nil
}

// pendingEvent is an event a push has yet to write (writePending).
type pendingEvent struct {
	id, caseID string
	at         time.Time
	raw        json.RawMessage // in clear
}

// keepDeskEvent makes the desk's snapshot of the case the platform's copy
// (the desk is the authority on what it recorded) and appends the event,
// in the transaction: writePending writes each case a batch changed once,
// with its last snapshot, and the batch's events together.
func (s *Store) keepDeskEvent(tx *txn, desk Desk, ce *caseEvent, isNew bool) {
	st := tx.cases[ce.c.ID]
	if st == nil { // new to the platform: its events are the ones kept here
		st = &stored{evsAll: true}
		tx.keepCase(ce.c.ID, st)
	}
	st.c, st.desk, st.raw, st.dirty, st.checkOnly = ce.c, desk.ID, ce.rawCase, true, false
	if st.evsAll {
		st.evs = append(st.evs, protocol.SupEvent{Kind: string(ce.ev.Action), At: ce.ev.At.Unix()})
	}
	st.isNew = st.isNew || isNew
	tx.events = append(tx.events, pendingEvent{id: ce.ev.ID, caseID: ce.c.ID, at: ce.ev.At, raw: ce.rawEv})
	tx.noteCase(ce.c.ID)
}

// writePending writes what keepDeskEvent kept: each case changed, sealed,
// with its files, then the events, numbered after each case's last.
func (s *Store) writePending(ctx context.Context, tx *txn, desk Desk, now time.Time) error {
	var added, changed, files [][]any
	var refiled []any          // cases whose files are replaced by their latest snapshot's
	fresh := map[string]bool{} // inserted here: no events yet
	for _, id := range tx.caseOrder {
		st := tx.cases[id]
		if st == nil || !st.dirty {
			continue
		}
		doc, err := s.sealDocCompact(st.raw)
		if err != nil {
			return err
		}
		c := &st.c
		nameHash := s.key.nameHash(c.Applicant.Name) // the desk may have corrected the name
		if st.isNew {
			bundleID := ""
			if c.Bundle != nil {
				bundleID = c.Bundle.ID
			}
			fresh[c.ID] = true
			added = append(added, []any{c.ID, c.No, desk.ID, desk.HallCode, string(c.State), doc, stamp(now), bundleID, nameHash})
		} else {
			changed = append(changed, []any{c.ID, string(c.State), doc, stamp(now), nameHash})
			refiled = append(refiled, c.ID)
		}
		for _, m := range c.Materials {
			for _, f := range m.Files {
				files = append(files, []any{c.ID, f, m.Name})
			}
		}
		st.doc, st.raw, st.dirty, st.isNew = doc, nil, false, false
	}
	// Cases already on the platform, many a statement (the VALUES are
	// text, as the columns).
	if err := insertRows(ctx, tx, "WITH v (id, state, doc, updated_at, name_hash) AS (VALUES", `)
		UPDATE cases SET state = v.state, doc = v.doc, updated_at = v.updated_at, name_hash = v.name_hash
		FROM v WHERE cases.id = v.id`, changed); err != nil {
		return err
	}
	if err := inLists(refiled, func(part []any) error {
		return tx.later(ctx, "DELETE FROM case_files WHERE case_id IN ("+placeholders(len(part), 1)+")", part...)
	}); err != nil {
		return err
	}
	if err := insertRows(ctx, tx, `INSERT INTO cases (id, no, desk_id, hall_code, state, doc, updated_at, bundle_id,
		name_hash) VALUES`, "", added); err != nil {
		return err
	}
	if err := insertRows(ctx, tx, "INSERT INTO case_files (case_id, sha256, name) VALUES", "ON CONFLICT DO NOTHING", files); err != nil {
		return err
	}
	if len(tx.events) == 0 {
		return nil
	}
	last, err := lastEventSeqs(ctx, tx, tx.events, fresh)
	if err != nil {
		return err
	}
	rows := make([][]any, len(tx.events))
	for i, e := range tx.events {
		sealed, err := s.sealDocCompact(e.raw)
		if err != nil {
			return err
		}
		last[e.caseID]++
		rows[i] = []any{e.id, e.caseID, last[e.caseID], "desk", stamp(e.at), sealed}
	}
	tx.events = tx.events[:0]
	return insertRows(ctx, tx, "INSERT INTO case_events (id, case_id, seq, origin, at, doc) VALUES", "", rows)
}

// lastEventSeqs reads the number of the last event of each case of evs
// (0 for a case without events, as the fresh ones).
func lastEventSeqs(ctx context.Context, tx *txn, evs []pendingEvent, fresh map[string]bool) (map[string]int64, error) {
	last := map[string]int64{}
	var ids []any
	for _, e := range evs {
		if _, ok := last[e.caseID]; !ok {
			last[e.caseID] = 0
			if !fresh[e.caseID] {
				ids = append(ids, e.caseID)
			}
		}
	}
	err := queryIn(ctx, tx, "SELECT case_id, max(seq) FROM case_events WHERE case_id IN (%s) GROUP BY case_id", nil, ids,
		func(rows *sql.Rows) error {
			var id string
			var seq int64
			err := rows.Scan(&id, &seq)
			last[id] = seq
			return err
		})
	return last, err
}

func (s *Store) appendEvent(ctx context.Context, tx *txn, caseID, id, origin string, at time.Time, doc []byte) error {
	if st := tx.cases[caseID]; st != nil {
		st.evsAll = false // its feed row reads its events
	}
	sealed, err := s.sealDoc(doc)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO case_events (id, case_id, seq, origin, at, doc) VALUES (?, ?,
		(SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = ?), ?, ?, ?)`,
		id, caseID, caseID, origin, stamp(at), sealed)
	return err
}

// Case returns a case as the platform holds it, by case number.
func (s *Store) Case(ctx context.Context, no string) (protocol.CaseView, error) {
	var v protocol.CaseView
	tx, err := s.read.snapshot(ctx)
	if err != nil {
		return v, err
	}
	defer tx.Rollback()
	var id, doc, updated, bundleID string
	err = tx.QueryRowContext(ctx, "SELECT id, doc, desk_id, updated_at, bundle_id FROM cases WHERE no = ?", no).
		Scan(&id, &doc, &v.DeskID, &updated, &bundleID)
	if errors.Is(err, sql.ErrNoRows) {
		return v, hall.Errorf(hall.ENotFound, "平台上没有办件 %s", no)
	}
	if err != nil {
		return v, err
	}
	opened, err := s.openDoc(doc)
	if err != nil {
		return v, fmt.Errorf("case %s: %w", no, err)
	}
	v.Case, v.Updated = json.RawMessage(opened), parseStamp(updated)
	if bundleID != "" {
		if v.Bundle, err = s.bundleCases(ctx, tx, bundleID, v.DeskID); err != nil {
			return v, err
		}
	}
	rows, err := tx.QueryContext(ctx, "SELECT doc FROM case_events WHERE case_id = ? ORDER BY seq", id)
	if err != nil {
		return v, err
	}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			rows.Close()
			return v, err
		}
		ev, err := s.openDoc(d)
		if err != nil {
			rows.Close()
			return v, fmt.Errorf("case %s: %w", no, err)
		}
		v.Events = append(v.Events, json.RawMessage(ev))
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `SELECT cf.sha256, cf.name, coalesce(f.size, 0), f.sha256 IS NOT NULL
		FROM case_files cf LEFT JOIN files f ON f.sha256 = cf.sha256 WHERE cf.case_id = ? ORDER BY cf.sha256`, id)
	if err != nil {
		return v, err
	}
	defer rows.Close()
	v.Complete = true
	for rows.Next() {
		var f protocol.FileView
		if err := rows.Scan(&f.SHA256, &f.Name, &f.Size, &f.Received); err != nil {
			return v, err
		}
		v.Complete = v.Complete && f.Received
		v.Files = append(v.Files, f)
	}
	return v, rows.Err()
}

// CaseNumbers lists every case number the platform holds, for checks.
func (s *Store) CaseNumbers(ctx context.Context) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT no FROM cases ORDER BY no")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var no string
		if err := rows.Scan(&no); err != nil {
			return nil, err
		}
		out = append(out, no)
	}
	return out, rows.Err()
}

// bundleCases lists the cases one intake of a bundle (一件事) opened, as
// the platform holds them: the cases of the desk that pushed them sharing
// the bundle id, in the bundle's order.
func (s *Store) bundleCases(ctx context.Context, tx *txn, bundleID, deskID string) ([]protocol.BundleCase, error) {
	rows, err := tx.QueryContext(ctx, "SELECT no, state, doc FROM cases WHERE bundle_id = ? AND desk_id = ?", bundleID, deskID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []protocol.BundleCase
	for rows.Next() {
		var bc protocol.BundleCase
		var doc string
		if err := rows.Scan(&bc.No, &bc.State, &doc); err != nil {
			return nil, err
		}
		opened, err := s.openDoc(doc)
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", bc.No, err)
		}
		var c hall.Case
		if err := json.Unmarshal(opened, &c); err != nil {
			return nil, err
		}
		bc.ItemCode, bc.ItemName = c.ItemCode, c.ItemName
		if c.Bundle != nil {
			bc.Part, bc.Of, bc.BundleCode, bc.BundleName = c.Bundle.Part, c.Bundle.Of, c.Bundle.Code, c.Bundle.Name
		}
		out = append(out, bc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Part < out[j].Part })
	return out, rows.Err()
}
