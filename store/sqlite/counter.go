package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"yichuang/hall"
)

// Transition applies a counter action to the case (hall/counter.go): each
// step makes its event from the case as the previous one left it, and each
// event is applied like any other (hall.Apply, the due dates counted again,
// the case row written) and recorded with its outbox entry and audit
// record, all in one transaction. The steps see the applicant's personal
// data in clear (出件 compares the collector's ID number with it); the case
// is sealed again as it is written and returned masked.
func (s *Cases) Transition(ctx context.Context, caseID string, steps ...hall.Transition) (*hall.Case, []hall.Event, error) {
	if len(steps) == 0 {
		return nil, nil, hall.Errorf(hall.EInvalid, "没有要办理的操作")
	}
	var c *hall.Case
	var evs []hall.Event
	err := s.db.Update(ctx, func(tx *Tx) error {
		perm, what := hall.ActDeliver.Permission() // every counter action: 办理办件
		if err := tx.db.allow(ctx, perm, what); err != nil {
			return err // before anything is read
		}
		var err error
		if c, err = loadOpenCase(ctx, tx, caseID); err != nil {
			return err
		}
		evs = nil
		for _, step := range steps {
			ev, err := step(c, tx.Now)
			if err != nil {
				return err
			}
			ev.ID = NewID()
			applied, err := applyEvent(ctx, tx, c, ev, nil)
			if err != nil {
				return err
			}
			if err := appendEvent(ctx, tx, c, applied); err != nil {
				return err
			}
			evs = append(evs, applied)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	s.db.maskCase(c)
	for i := range evs {
		evs[i].Data = s.db.maskEventData(evs[i].Data)
	}
	return c, evs, nil
}

// loadOpenCase loads a case with its personal data opened, for someone
// logged in.
func loadOpenCase(ctx context.Context, tx *Tx, id string) (*hall.Case, error) {
	c, err := loadCase(ctx, tx.Tx, id)
	if err != nil {
		return nil, err
	}
	doc, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	if doc, err = tx.db.openJSON(ctx, doc); err != nil {
		return nil, err
	}
	var open hall.Case
	if err := json.Unmarshal(doc, &open); err != nil {
		return nil, fmt.Errorf("case %s: %w", id, err)
	}
	return &open, nil
}

// maskEventData masks what an event's facts hold of a person (the
// collector's and agent's ID numbers of a 出件) for screens and notices.
func (db *DB) maskEventData(data json.RawMessage) json.RawMessage {
	var n hall.Notice
	if len(data) == 0 || json.Unmarshal(data, &n) != nil || n.Delivery == nil {
		return data
	}
	d := *n.Delivery
	d.CollectorID = db.maskWith(d.CollectorID, hall.MaskID)
	d.AgentID = db.maskWith(d.AgentID, hall.MaskID)
	n.Delivery = &d
	b, err := json.Marshal(n)
	if err != nil {
		return data
	}
	return b
}
