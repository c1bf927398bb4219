package sqlite

import (
	"context"
	"database/sql"

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
