package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"

	"yichuang/hall"
	"yichuang/hall/supervision"
)

// insertRating writes the ratings row of a rating event (hall.ActRate), in
// the event's transaction; other events write nothing. The clerk is whoever
// served when the applicant rated (the event's actor), else the case's.
func insertRating(ctx context.Context, tx *Tx, c *hall.Case, ev hall.Event) error {
	r, ok := hall.RatingOf(ev)
	if !ok {
		return nil
	}
	clerk := ev.Actor
	if clerk == "" {
		clerk = c.Clerk
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO ratings (event_id, case_id, case_no, stage, level, reason, channel,
		clerk, department, rated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ev.ID, c.ID, c.No, string(r.Stage),
		string(r.Level), r.Reason, r.Channel, clerk, c.Department, stamp(ev.At))
	if err != nil && isConstraint(err) {
		return hall.Wrap(hall.EConflict, err, "办件 %s 的%s服务已评价，一次一评，不能再评或更改", c.No, r.Stage)
	}
	return err
}

// Rate records the applicant's rating r of the case given at the window,
// and of every case it counts for (hall.RatingCovers: a bundle's 受理 is
// rated once for all its accepted cases): one rating event per case, each
// applied and recorded with its outbox entry, audit record and ratings row,
// all in one transaction. A refusal of any records none.
func (s *Cases) Rate(ctx context.Context, caseID string, r hall.Rating) ([]*hall.Case, error) {
	var rated []*hall.Case
	err := s.db.Update(ctx, func(tx *Tx) error {
		c, err := loadCase(ctx, tx.Tx, caseID)
		if err != nil {
			return err
		}
		var bundle []*hall.Case
		if c.Bundle != nil {
			if bundle, err = bundleCases(ctx, tx.Tx, c.Bundle.ID); err != nil {
				return err
			}
		}
		rated = hall.RatingCovers(c, bundle, r.Stage)
		for _, k := range rated {
			if r.At.IsZero() {
				r.At = tx.Now
			}
			ev, err := hall.RatingEvent(r)
			if err != nil {
				return err
			}
			applied, err := applyEvent(ctx, tx, k, ev, nil)
			if err != nil {
				return err
			}
			if err := appendEvent(ctx, tx, k, applied); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, k := range rated {
		s.db.maskCase(k)
	}
	return rated, nil
}

// BundleCases lists the cases of the case's bundle (一件事) in the bundle's
// order, masked; none for a case of no bundle.
func (s *Cases) BundleCases(ctx context.Context, caseID string) ([]*hall.Case, error) {
	var out []*hall.Case
	err := s.db.View(ctx, func(tx *sql.Tx) error {
		c, err := loadCase(ctx, tx, caseID)
		if err != nil || c.Bundle == nil {
			return err
		}
		out, err = bundleCases(ctx, tx, c.Bundle.ID)
		return err
	})
	for _, k := range out {
		s.db.maskCase(k)
	}
	return out, err
}

// bundleCases reads the cases that share bundle id, in the bundle's order.
func bundleCases(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, id string) ([]*hall.Case, error) {
	rows, err := q.QueryContext(ctx, "SELECT doc FROM cases WHERE bundle_id = ? LIMIT ?", id, hall.MaxBundleMembers)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*hall.Case
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var c hall.Case
		if err := json.Unmarshal([]byte(doc), &c); err != nil {
			return nil, err
		}
		out = append(out, &c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Bundle.Part < out[j].Bundle.Part })
	return out, rows.Err()
}

// maxRatingRows bounds the ratings one snapshot reads: a hall's year.
const maxRatingRows = 500000

// ratingRows reads the ratings given in [from, to) (stamps; "" for open).
func ratingRows(ctx context.Context, tx *sql.Tx, from, to string) ([]supervision.Rating, error) {
	rows, err := tx.QueryContext(ctx, `SELECT case_no, stage, level, reason, channel, clerk, department, rated_at
		FROM ratings WHERE (?1 = '' OR rated_at >= ?1) AND (?2 = '' OR rated_at < ?2) ORDER BY rated_at LIMIT ?3`,
		from, to, maxRatingRows)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []supervision.Rating
	for rows.Next() {
		var r supervision.Rating
		var stage, level, at string
		if err := rows.Scan(&r.CaseNo, &stage, &level, &r.Reason, &r.Channel, &r.Clerk, &r.Department, &at); err != nil {
			return nil, err
		}
		r.Stage, r.Level, r.At = hall.RatingStage(stage), hall.RatingLevel(level), parseStamp(at)
		r.Reasoned = r.Reason != ""
		out = append(out, r)
	}
	return out, rows.Err()
}
