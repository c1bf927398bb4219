package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// ApplyBatch applies a desk's operations in order, in one transaction, and
// answers each. An operation applied before answers CodeDuplicate and
// changes nothing; each operation runs under its own savepoint, so a
// refused one leaves no trace and never stops the others. Once an
// operation of a case is not applied, the later ones of the same case in
// the batch are answered CodeBlocked: a case's events apply in order.
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
		results = make([]protocol.Result, len(ops))
		blocked := map[string]bool{}
		applied, dup, rejected := 0, 0, 0
		for i, op := range ops {
			if op.CaseID != "" && blocked[op.CaseID] {
				results[i] = protocol.Result{Code: protocol.CodeBlocked, Message: "同一办件的前一条记录未被接受，本条暂未处理"}
				continue
			}
			var seen int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM ops WHERE op_id = ?", op.ID).Scan(&seen); err != nil {
				return err
			}
			if seen > 0 {
				results[i] = protocol.Result{Code: protocol.CodeDuplicate, Message: "已接收（重复发送）"}
				dup++
				continue
			}
			r, err := s.applyOne(ctx, tx, desk, op, now)
			if err != nil {
				return fmt.Errorf("op %s: %w", op.ID, err)
			}
			results[i] = r
			if r.Code == protocol.CodeApplied {
				applied++
			} else {
				rejected++
				blocked[op.CaseID] = true
			}
		}
		tx.tallyFor(desk.ID)
		tx.bump("ops_applied", applied)
		tx.bump("ops_duplicate", dup)
		tx.bump("ops_rejected", rejected)
		return nil
	})
	return results, err
}

// applyOne applies one operation under a savepoint. A refusal rolls the
// savepoint back and is returned as a result; only a failure of the store
// itself is an error.
func (s *Store) applyOne(ctx context.Context, tx *txn, desk Desk, op protocol.Op, now time.Time) (protocol.Result, error) {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT op"); err != nil {
		return protocol.Result{}, err
	}
	m := tx.mark()
	err := s.applyOp(ctx, tx, desk, op, now)
	if err == nil {
		_, err = tx.ExecContext(ctx, `INSERT INTO ops (op_id, desk_id, case_id, kind, applied_at) VALUES (?, ?, ?, ?, ?)`,
			op.ID, desk.ID, op.CaseID, op.Kind, stamp(now))
	}
	var he *hall.Error
	if err != nil && !errors.As(err, &he) {
		return protocol.Result{}, err
	}
	if err != nil {
		if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO op"); rerr != nil {
			return protocol.Result{}, rerr
		}
		tx.rewind(m)
	}
	if _, rerr := tx.ExecContext(ctx, "RELEASE op"); rerr != nil {
		return protocol.Result{}, rerr
	}
	if err != nil {
		return protocol.Result{Code: codeOf(he.Code), Message: he.Message}, nil
	}
	return protocol.Result{Code: protocol.CodeApplied, Message: "已接收"}, nil
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

// applyOp checks one operation against the platform's copy of its case and
// records it. Refusals are *hall.Error values with a Chinese message.
func (s *Store) applyOp(ctx context.Context, tx *txn, desk Desk, op protocol.Op, now time.Time) error {
	if op.ID == "" {
		return hall.Errorf(hall.EInvalid, "记录缺少编号")
	}
	switch op.Kind {
	case hall.OpCaseEvent:
	case hall.OpCaseDue:
		return s.applyDue(ctx, tx, desk, op, now)
	case protocol.OpUrge:
		return s.applyUrge(ctx, tx, desk, op, now)
	case protocol.OpUrgeReply:
		return s.applyUrgeReply(ctx, tx, desk, op, now)
	default:
		return hall.Errorf(hall.EInvalid, "平台不支持的记录类型“%s”", op.Kind)
	}
	ce, he := decodeCaseEvent(desk, op)
	if he != nil {
		return he
	}
	prev, err := s.platformCase(ctx, tx, ce.c.ID)
	if err != nil {
		return err
	}
	if prev == nil {
		var other string
		err := tx.QueryRowContext(ctx, "SELECT id FROM cases WHERE no = ?", ce.c.No).Scan(&other)
		if err == nil {
			return hall.Errorf(hall.EConflict, "办件编号 %s 已被平台上另一件办件使用", ce.c.No)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
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
	return s.storeDeskEvent(ctx, tx, desk, ce, prev.c.State == "", now)
}

func stateName(s hall.State) string {
	if s == "" {
		return "尚未收件"
	}
	return string(s)
}
