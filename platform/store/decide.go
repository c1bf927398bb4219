package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// Decide records a back-office event on a case (开始审查, 特别程序, 办结 …)
// and publishes it to the desk that holds the case: the same state machine
// as the window, one transaction with the change the desk will pull.
func (s *Store) Decide(ctx context.Context, caseNo string, ev hall.Event) (hall.Event, error) {
	switch ev.Action {
	case hall.ActStartReview, hall.ActStartSpecial, hall.ActEndSpecial, hall.ActDecide:
	default:
		return ev, hall.Errorf(hall.EInvalid, "后台不能记录“%s”：只能开始审查、特别程序开始/结束、办结", ev.Action.Name())
	}
	asked := ev // a transaction run again starts from the event as asked
	err := s.update(ctx, func(tx *txn, now time.Time) error {
		var id string
		err := tx.QueryRowContext(ctx, "SELECT id FROM cases WHERE no = ?", caseNo).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return hall.Errorf(hall.ENotFound, "平台上没有办件 %s", caseNo)
		}
		if err != nil {
			return err
		}
		st, err := s.platformCase(ctx, tx, id)
		if err != nil {
			return err
		}
		ev, err = s.recordPlatformEvent(ctx, tx, id, caseNo, st, asked, now)
		return err
	})
	return ev, err
}

// recordPlatformEvent applies an event the platform itself records (a
// back-office decision, a rating given through the public route) to its
// copy of case id: the state machine, the case, the event, the feed row,
// and the change the holding desk pulls (stream decisions).
func (s *Store) recordPlatformEvent(ctx context.Context, tx *txn, id, caseNo string, st *stored, ev hall.Event, now time.Time) (hall.Event, error) {
	ev.ID = uuid.Must(uuid.NewV7()).String()
	if ev.At.IsZero() {
		ev.At = now
	}
	applied, err := hall.Apply(&st.c, ev)
	if err != nil {
		return ev, err
	}
	ev = applied
	doc, err := json.Marshal(st.c)
	if err != nil {
		return ev, err
	}
	evDoc, err := json.Marshal(ev)
	if err != nil {
		return ev, err
	}
	sealed, err := s.sealDoc(doc)
	if err != nil {
		return ev, err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE cases SET state = ?, doc = ?, updated_at = ? WHERE id = ?",
		string(st.c.State), sealed, stamp(now), id); err != nil {
		return ev, err
	}
	st.doc = sealed
	if err := s.appendEvent(ctx, tx, id, ev.ID, "platform", ev.At, evDoc); err != nil {
		return ev, err
	}
	if err := s.noteSupervision(ctx, tx, id); err != nil {
		return ev, err
	}
	doc, err = json.Marshal(protocol.DecisionDoc{CaseID: id, CaseNo: caseNo, Event: evDoc})
	if err != nil {
		return ev, err
	}
	tx.logChange(change{stream: protocol.StreamDecisions, key: ev.ID, desk: st.desk, doc: string(doc), at: stamp(now)})
	return ev, nil
}
