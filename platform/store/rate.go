package store

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"yichuang/hall"
)

// Rate records an applicant's 好差评 given later, from the receipt's QR code
// (docs/adr/0019): the case number and its 评价码 (hall.RatingCode) must
// match, else the same refusal whether the case exists or not, so that
// walking numbers learns nothing. The rating becomes a case event on the
// platform's copy, checked by the same hall.Apply as at the window (one
// rating a stage), and is published to the holding desk, which adds it to
// its ratings table when it pulls.
func (s *Store) Rate(ctx context.Context, caseNo, code string, r hall.Rating) (hall.Rating, error) {
	wrong := hall.Errorf(hall.ENotFound, "办件编号或评价码不正确，请核对受理回执上的办件编号和评价码")
	if caseNo == "" || len(code) != 8 {
		return r, wrong
	}
	err := s.update(ctx, func(tx *txn, now time.Time) error {
		var id string
		err := tx.QueryRowContext(ctx, "SELECT id FROM cases WHERE no = ?", caseNo).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return wrong
		}
		if err != nil {
			return err
		}
		if subtle.ConstantTimeCompare([]byte(hall.RatingCode(id, caseNo)), []byte(code)) != 1 {
			return wrong
		}
		st, err := s.platformCase(ctx, tx, id)
		if err != nil {
			return err
		}
		if st == nil {
			return wrong
		}
		if st.c.Ratings, err = s.ratingsOf(ctx, tx, id, st.c.Ratings); err != nil {
			return err
		}
		if r.Stage == "" {
			r.Stage = hall.StageAccept
			if _, done := st.c.Rated(hall.StageDeliver); st.c.State == hall.StateDelivered && !done {
				r.Stage = hall.StageDeliver
			}
		}
		r.Channel, r.At = hall.ChannelQR, now
		ev, err := hall.RatingEvent(r)
		if err != nil {
			return err
		}
		_, err = s.recordPlatformEvent(ctx, tx, id, caseNo, st, ev, now)
		return err
	})
	return r, err
}

// ratingsOf adds to have the ratings the platform's events of case id
// record. The platform's copy of a case is the desk's latest snapshot,
// which may predate a rating given here: the events are what holds every
// rating, so one a stage holds whichever way the ratings came.
func (s *Store) ratingsOf(ctx context.Context, tx *txn, id string, have []hall.Rating) ([]hall.Rating, error) {
	evs, err := s.rateEvents(ctx, tx, id)
	if err != nil {
		return have, err
	}
	for _, ev := range evs {
		r, _ := hall.RatingOf(ev)
		known := false
		for _, h := range have {
			known = known || h.Stage == r.Stage
		}
		if !known {
			have = append(have, r)
		}
	}
	return have, nil
}

// rateEvents reads case id's rating events from the platform's events, in
// their order, opened.
func (s *Store) rateEvents(ctx context.Context, tx *txn, id string) ([]hall.Event, error) {
	rows, err := tx.QueryContext(ctx, `SELECT doc FROM case_events WHERE case_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hall.Event
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		opened, err := s.openDoc(d)
		if err != nil {
			return nil, err
		}
		var ev hall.Event
		if err := json.Unmarshal(opened, &ev); err != nil {
			return nil, err
		}
		if _, ok := hall.RatingOf(ev); ok {
			out = append(out, ev)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, e := range tx.events { // a push's, not yet written (cases.go)
		var ev hall.Event
		if e.caseID != id || json.Unmarshal(e.raw, &ev) != nil {
			continue
		}
		if _, ok := hall.RatingOf(ev); ok {
			out = append(out, ev)
		}
	}
	return out, nil
}
