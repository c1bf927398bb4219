package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// ApplyBatch applies a desk's operations in order, in one transaction, and
// answers each. An operation applied before answers CodeDuplicate and
// changes nothing; a refused one leaves no trace and never stops the
// others. Once an operation of a case is not applied, the later ones of
// the same case in the batch are answered CodeBlocked: a case's events
// apply in order.
//
// A case event is checked against the platform's copy as the batch has
// left it so far, and only kept in the transaction (keepDeskEvent): each
// case the batch changed is written once, with its last snapshot, and the
// batch's events and operation ids are written together, at the end
// (writePending). A refused case event has written nothing, so needs no
// savepoint; the other kinds write as they go and run under one.
func (s *Store) ApplyBatch(ctx context.Context, desk Desk, ops []protocol.Op) ([]protocol.Result, error) {
	var results []protocol.Result
	err := s.update(ctx, func(tx *txn, now time.Time) error {
		// One desk's pushes are applied one after another, whichever
		// instance takes them: a batch sent to two instances at once
		// then finds the other's operations as duplicates instead of
		// racing it to the case and being refused as a conflict.
		var locked string
		if err := tx.QueryRowContext(ctx, "SELECT id FROM desks WHERE id = ?"+tx.d.lockRow, desk.ID).Scan(&locked); err != nil {
			return err
		}
		seen, err := appliedOps(ctx, tx, ops)
		if err != nil {
			return err
		}
		b, err := s.readBatch(ctx, tx, desk, ops, seen)
		if err != nil {
			return err
		}
		results = make([]protocol.Result, len(ops))
		blocked := map[string]bool{}
		var done [][]any
		applied, dup, rejected := 0, 0, 0
		for i, op := range ops {
			if op.CaseID != "" && blocked[op.CaseID] {
				results[i] = protocol.Result{Code: protocol.CodeBlocked, Message: "同一办件的前一条记录未被接受，本条暂未处理"}
				continue
			}
			if seen[op.ID] {
				results[i] = protocol.Result{Code: protocol.CodeDuplicate, Message: "已接收（重复发送）"}
				dup++
				continue
			}
			r, err := s.applyOne(ctx, tx, b, i, desk, op, now)
			if err != nil {
				return fmt.Errorf("op %s: %w", op.ID, err)
			}
			results[i] = r
			if r.Code == protocol.CodeApplied {
				applied++
				seen[op.ID] = true
				done = append(done, []any{op.ID, desk.ID, op.CaseID, op.Kind, stamp(now)})
			} else {
				rejected++
				blocked[op.CaseID] = true
			}
		}
		if err := s.writePending(ctx, tx, desk, now); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, "INSERT INTO ops (op_id, desk_id, case_id, kind, applied_at) VALUES", "", done); err != nil {
			return err
		}
		tx.tallyFor(desk.ID)
		tx.bump("ops_applied", applied)
		tx.bump("ops_duplicate", dup)
		tx.bump("ops_rejected", rejected)
		return nil
	})
	return results, err
}

// appliedOps reads which of ops were applied before, by id: one query a
// batch (in pieces) rather than one an operation.
func appliedOps(ctx context.Context, tx *txn, ops []protocol.Op) (map[string]bool, error) {
	seen := map[string]bool{}
	ids := make([]any, 0, len(ops))
	for _, op := range ops {
		if op.ID != "" && !seen[op.ID] {
			seen[op.ID] = true
			ids = append(ids, op.ID)
		}
	}
	clear(seen)
	err := queryIn(ctx, tx, "SELECT op_id FROM ops WHERE op_id IN (%s)", nil, ids, func(rows *sql.Rows) error {
		var id string
		err := rows.Scan(&id)
		seen[id] = true
		return err
	})
	return seen, err
}

// applyOne applies one operation. A refusal is returned as a result and
// leaves no trace; only a failure of the store itself is an error.
func (s *Store) applyOne(ctx context.Context, tx *txn, b *batch, i int, desk Desk, op protocol.Op, now time.Time) (protocol.Result, error) {
	var err error
	if op.Kind == hall.OpCaseEvent {
		err = s.applyCaseEvent(ctx, tx, b, i, desk, op)
	} else {
		err = s.applySaved(ctx, tx, desk, op, now)
	}
	var he *hall.Error
	if err != nil && !errors.As(err, &he) {
		return protocol.Result{}, err
	}
	if err != nil {
		return protocol.Result{Code: codeOf(he.Code), Message: he.Message}, nil
	}
	return protocol.Result{Code: protocol.CodeApplied, Message: "已接收"}, nil
}

// applySaved applies an operation other than a case event under a
// savepoint, after what the batch kept so far is written (it reads and
// writes the cases' rows): a refusal rolls the savepoint back.
func (s *Store) applySaved(ctx context.Context, tx *txn, desk Desk, op protocol.Op, now time.Time) error {
	if err := s.writePending(ctx, tx, desk, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "SAVEPOINT op"); err != nil {
		return err
	}
	m := tx.mark()
	err := s.applyOp(ctx, tx, desk, op, now)
	var he *hall.Error
	if err != nil && !errors.As(err, &he) {
		return err
	}
	if err != nil {
		if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO op"); rerr != nil {
			return rerr
		}
		tx.rewind(m)
	}
	if _, rerr := tx.ExecContext(ctx, "RELEASE op"); rerr != nil {
		return rerr
	}
	return err
}

func codeOf(c string) string {
	switch c {
	case hall.EConflict:
		return protocol.CodeConflict
	case hall.EForbidden:
		return protocol.CodeForbidden
	case hall.ETransient:
		return protocol.CodeRetry
	}
	return protocol.CodeInvalid
}

// applyOp applies an operation other than a case event. Refusals are
// *hall.Error values with a Chinese message.
func (s *Store) applyOp(ctx context.Context, tx *txn, desk Desk, op protocol.Op, now time.Time) error {
	if op.ID == "" {
		return hall.Errorf(hall.EInvalid, "记录缺少编号")
	}
	switch op.Kind {
	case hall.OpCaseDue:
		return s.applyDue(ctx, tx, desk, op, now)
	case protocol.OpUrge:
		return s.applyUrge(ctx, tx, desk, op, now)
	case protocol.OpUrgeReply:
		return s.applyUrgeReply(ctx, tx, desk, op, now)
	}
	return hall.Errorf(hall.EInvalid, "平台不支持的记录类型“%s”", op.Kind)
}

// applyCaseEvent checks the batch's i-th operation, a case event, against
// the platform's copy of its case and keeps it in the transaction
// (keepDeskEvent); it writes nothing. Refusals are *hall.Error values with
// a Chinese message.
func (s *Store) applyCaseEvent(ctx context.Context, tx *txn, b *batch, i int, desk Desk, op protocol.Op) error {
	if op.ID == "" {
		return hall.Errorf(hall.EInvalid, "记录缺少编号")
	}
	ce, he := b.decoded(i, desk, op)
	if he != nil {
		return he
	}
	var err error
	prev, ok := tx.cases[ce.c.ID] // as readBatch read it, or as the batch left it
	if !ok {
		if prev, err = s.platformCase(ctx, tx, ce.c.ID); err != nil {
			return err
		}
	}
	isNew := prev == nil || prev.isNew
	if prev == nil {
		if taken, err := b.numberTaken(ctx, tx, ce.c.ID, ce.c.No); err != nil {
			return err
		} else if taken {
			return hall.Errorf(hall.EConflict, "办件编号 %s 已被平台上另一件办件使用", ce.c.No)
		}
		prev = &stored{c: hall.Case{ID: ce.c.ID}, desk: desk.ID}
	}
	if prev.desk != desk.ID {
		return hall.Errorf(hall.EForbidden, "办件 %s 属于其他窗口，本窗口不能更改", ce.c.No)
	}
	if prev.c.State != ce.ev.From {
		return hall.Errorf(hall.EConflict, "平台上办件 %s 当前为“%s”，本条“%s”记录基于“%s”，未被接受",
			ce.c.No, stateName(prev.c.State), ce.ev.Action.Name(), stateName(ce.ev.From))
	}
	check := prev.c
	if ce.ev.Action == hall.ActRate { // one a stage, counting those given here (rate.go)
		if check.Ratings, err = s.ratingsOf(ctx, tx, ce.c.ID, check.Ratings); err != nil {
			return err
		}
	}
	applied, err := hall.Apply(&check, ce.ev)
	if err != nil {
		return err
	}
	if applied.To != ce.ev.To || ce.c.State != ce.ev.To {
		return hall.Errorf(hall.EInvalid, "办件 %s 的状态“%s”与事件“%s”的结果不一致", ce.c.No, ce.c.State, ce.ev.Action.Name())
	}
	s.keepDeskEvent(tx, desk, ce, isNew)
	if isNew {
		b.numbers[ce.c.No] = ce.c.ID // taken from now on
	}
	return nil
}

// batch is what a push reads for all its case events at once, before
// applying them one by one: each operation decoded, and which case numbers
// the platform already gives to a case.
type batch struct {
	ces     []*caseEvent
	refused []*hall.Error
	// numbers maps the case numbers looked up to the id of the case that
	// holds it, the platform's or the batch's new one ("": free).
	numbers map[string]string
}

// readBatch decodes the batch's case events not applied before, reads
// their cases (locking their rows, in order of id) into the transaction,
// noting those the platform does not have, and reads which of the new
// cases' numbers are taken: three queries a batch (in pieces) instead of
// three an operation.
func (s *Store) readBatch(ctx context.Context, tx *txn, desk Desk, ops []protocol.Op, seen map[string]bool) (*batch, error) {
	b := &batch{ces: make([]*caseEvent, len(ops)), refused: make([]*hall.Error, len(ops)), numbers: map[string]string{}}
	var ids []any
	want := map[string]bool{}
	for i, op := range ops {
		if op.Kind != hall.OpCaseEvent || op.ID == "" || seen[op.ID] {
			continue
		}
		b.ces[i], b.refused[i] = decodeCaseEvent(desk, op)
		if id := op.CaseID; b.ces[i] != nil && !want[id] {
			if _, ok := tx.cases[id]; !ok {
				want[id] = true
				ids = append(ids, id)
			}
		}
	}
	slices.SortFunc(ids, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
	err := queryIn(ctx, tx, "SELECT id, doc, desk_id FROM cases WHERE id IN (%s) ORDER BY id"+tx.d.lockRow, nil, ids,
		func(rows *sql.Rows) error {
			var id string
			st := &stored{}
			if err := rows.Scan(&id, &st.doc, &st.desk); err != nil {
				return err
			}
			if err := s.decodeChecked(id, st); err != nil {
				return err
			}
			tx.keepCase(id, st)
			delete(want, id)
			return nil
		})
	if err != nil {
		return nil, err
	}
	var nos []any
	for i, ce := range b.ces {
		if ce != nil && want[ops[i].CaseID] {
			nos = append(nos, ce.c.No)
		}
	}
	for _, id := range ids {
		if want[id.(string)] {
			tx.keepCase(id.(string), nil) // the platform has no such case
		}
	}
	for _, no := range nos {
		b.numbers[no.(string)] = "" // free, unless the query finds it
	}
	err = queryIn(ctx, tx, "SELECT no, id FROM cases WHERE no IN (%s)", nil, nos, func(rows *sql.Rows) error {
		var no, id string
		err := rows.Scan(&no, &id)
		b.numbers[no] = id
		return err
	})
	return b, err
}

// decoded is the batch's i-th operation decoded, or its refusal.
func (b *batch) decoded(i int, desk Desk, op protocol.Op) (*caseEvent, *hall.Error) {
	if b.ces[i] != nil || b.refused[i] != nil {
		return b.ces[i], b.refused[i]
	}
	return decodeCaseEvent(desk, op)
}

// numberTaken reports whether case number no is another case's than id's:
// one the platform holds, or one this batch is about to write.
func (b *batch) numberTaken(ctx context.Context, tx *txn, id, no string) (bool, error) {
	other, ok := b.numbers[no]
	if ok {
		return other != "" && other != id, nil
	}
	err := tx.QueryRowContext(ctx, "SELECT id FROM cases WHERE no = ?", no).Scan(&other)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil && other != id, err
}

func stateName(s hall.State) string {
	if s == "" {
		return "尚未收件"
	}
	return string(s)
}
