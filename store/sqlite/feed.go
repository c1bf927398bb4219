package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"yichuang/hall"
	"yichuang/hall/supervision"
)

// The supervision feed at the desk (docs/adr/0020): the platform's rows for
// the halls a supervisor of this desk may watch, written only here, by the
// sync pull, and read by Supervise for the 本大厅 and 下辖 scopes.

// SupervisionCursor is where the desk stands in the feed for user: "" when
// the feed was pulled for another account (another scope) or never.
func (s *Sync) SupervisionCursor(ctx context.Context, user string) (string, error) {
	var who, cur string
	err := s.db.read.QueryRowContext(ctx, "SELECT user, cursor FROM feed_state WHERE id = 1").Scan(&who, &cur)
	if err == sql.ErrNoRows || (err == nil && who != user) {
		return "", nil
	}
	return cur, err
}

// ApplySupervision writes a page of the feed and the cursor after it in one
// transaction, each case's due dates counted again with this desk's
// calendar. The first page for another account replaces what the desk held.
func (s *Sync) ApplySupervision(ctx context.Context, user string, page supervision.FeedPage) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		var who, scope string
		err := tx.QueryRowContext(ctx, "SELECT user, scope FROM feed_state WHERE id = 1").Scan(&who, &scope)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if who != user || scope != page.Scope {
			for _, t := range []string{"feed_cases", "feed_halls"} {
				if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
					return err
				}
			}
		}
		if len(page.Halls) > 0 {
			if _, err := tx.ExecContext(ctx, "DELETE FROM feed_halls"); err != nil {
				return err
			}
			for _, h := range page.Halls {
				if _, err := tx.ExecContext(ctx, "INSERT INTO feed_halls (code, name, level, parent) VALUES (?, ?, ?, ?)",
					h.Code, h.Name, h.Level, h.Parent); err != nil {
					return err
				}
			}
		}
		cal, _, err := s.db.calendarFrom(ctx, tx, false)
		if err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO feed_cases (no, hall, desk, line, events, urges_open, urges,
			urges_replied, urges_late_by, rating, accepted, finished, overdue_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (no) DO UPDATE SET hall = excluded.hall, desk = excluded.desk, line = excluded.line,
			events = excluded.events, urges_open = excluded.urges_open, urges = excluded.urges,
			urges_replied = excluded.urges_replied, urges_late_by = excluded.urges_late_by,
			rating = excluded.rating, accepted = excluded.accepted, finished = excluded.finished,
			overdue_reason = excluded.overdue_reason`)
		if err != nil {
			return err
		}
		defer ins.Close()
		limits, err := tx.PrepareContext(ctx, `SELECT promise_days, promise_unit, legal_days, legal_unit FROM items WHERE code = ?`)
		if err != nil {
			return err
		}
		defer limits.Close()
		for i := range page.Cases {
			c := &page.Cases[i]
			if c.PromiseLimit == (hall.Limit{}) && c.LegalLimit == (hall.Limit{}) {
				// The platform's catalog lacks the item: this desk's catalog
				// (the same province's) gives its limits, as for the desk's
				// own cases accepted before limits were kept; else none (not
				// a 即办件 for want of a limit).
				err := limits.QueryRowContext(ctx, c.ItemCode).Scan(&c.PromiseLimit.Days, &c.PromiseLimit.Unit,
					&c.LegalLimit.Days, &c.LegalLimit.Unit)
				if err != nil && err != sql.ErrNoRows {
					return err
				}
			}
			supervision.Recount(cal, c)
			lateBy := ""
			for _, u := range c.Urges {
				if !u.Answered() && (lateBy == "" || u.ReplyBy < lateBy) {
					lateBy = u.ReplyBy
				}
			}
			// The hall and the desk are the number's: a case is where its
			// number says it was taken, whatever a page's fields say.
			if _, err := ins.ExecContext(ctx, c.No, supervision.HallOf(c.No), supervision.DeskOf(c.No), feedLine(&c.Case), feedEvents(c.Events),
				c.UrgesOpen, c.Case.Urges, c.Case.Urges-c.UrgesOpen, lateBy, feedRatings(c.Ratings),
				!c.AcceptedAt.IsZero(), !c.FinishedAt.IsZero(), c.OverdueReason); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO feed_state (id, user, scope, cursor, updated_at) VALUES (1, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET user = excluded.user, scope = excluded.scope, cursor = excluded.cursor,
			updated_at = excluded.updated_at`, user, page.Scope, page.Cursor, stamp(tx.Now))
		return err
	})
}

// feedLine joins a case's fields in the order superviseRows reads them.
func feedLine(c *supervision.Case) string {
	f := [superviseFields]string{c.No, stamp(c.AcceptedAt), stamp(c.FinishedAt), string(c.State), c.Department,
		c.ItemCode, c.ItemName, c.Clerk, c.PromiseDue, c.LegalDue, strconv.Itoa(c.PromiseLimit.Days),
		string(c.PromiseLimit.Unit), strconv.Itoa(c.LegalLimit.Days), string(c.LegalLimit.Unit),
		strconv.Itoa(c.StoppedWorkdays), "0", c.Stops}
	if c.Provisional {
		f[15] = "1"
	}
	for i := range f {
		f[i] = strings.ReplaceAll(f[i], "\x1f", " ")
	}
	return strings.Join(f[:], "\x1f")
}

func feedEvents(evs []hall.Event) string {
	var sb strings.Builder
	for i, e := range evs {
		if i > 0 {
			sb.WriteByte(';')
		}
		sb.WriteString(string(e.Action))
		sb.WriteByte('@')
		sb.WriteString(strconv.FormatInt(e.At.Unix(), 10))
	}
	return sb.String()
}

// scopeHalls is the hall codes a scope reads from the feed: the own hall
// (本大厅), or the halls under it, all or one township with its subtree,
// found by walking each hall's parents (never by code prefix).
func scopeHalls(halls []supervision.Hall, own string, sc supervision.Scope) []string {
	if sc.Kind == supervision.ScopeHall {
		return []string{own}
	}
	parent := map[string]string{}
	for _, h := range halls {
		parent[h.Code] = h.Parent
	}
	root := own
	if sc.Hall != "" {
		root = sc.Hall
	}
	var out []string
	for _, h := range halls {
		if h.Code == own {
			continue
		}
		for c, n := h.Code, 0; c != "" && n < 16; c, n = parent[c], n+1 {
			if c == root {
				out = append(out, h.Code)
				break
			}
		}
	}
	return out
}

// superviseFeed lists the feed's cases of the scope in the form
// superviseRows gives the desk's own, in case-number order (the table's own
// order: Evaluate then has nothing to sort), with the scope's open cases
// not accepted yet counted as waiting. One pass over the table.
func superviseFeed(ctx context.Context, tx *sql.Tx, codes []string, skipDesk string, q supervision.Query) ([]supervision.Case, int, error) {
	in, _ := json.Marshal(codes)
	// "+hall": not by an index of halls, which made SQLite look up each row
	// and sort them all; one scan in the table's order (case number) reads
	// 100,000 rows faster than that sort alone.
	where := ` FROM feed_cases WHERE +hall IN (SELECT value FROM json_each(?1)) AND NOT (hall = ?2 AND desk = ?3)`
	if q.OpenOnly {
		where += " AND finished = 0"
	}
	skipHall, skipDesk, _ := strings.Cut(skipDesk, "/")
	rows, err := tx.QueryContext(ctx, "SELECT line, urges, urges_open, accepted, finished"+where+" ORDER BY no",
		string(in), skipHall, skipDesk)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var from, to string
	if !q.From.IsZero() {
		from = stamp(q.From.Start())
	}
	if !q.To.IsZero() {
		to = stamp(q.To.AddDays(1).Start())
	}
	var out []supervision.Case
	waiting := 0
	intern := interner{}
	var f [superviseFields]string
	for rows.Next() {
		var line string
		var accepted, finished bool
		var c supervision.Case
		if err := rows.Scan(&line, &c.Urges, &c.UrgesOpen, &accepted, &finished); err != nil {
			return nil, 0, err
		}
		if !accepted {
			if !finished {
				waiting++
			}
			continue
		}
		if !splitFields(line, f[:]) {
			return nil, 0, hall.Errorf(hall.ECorrupt, "监督数据中有一条记录无法读取")
		}
		if (from != "" && f[1] < from) || (to != "" && f[1] >= to) {
			continue
		}
		caseOfFields(&c, f[:], intern)
		c.Remote = true
		out = append(out, c)
	}
	return out, waiting, rows.Err()
}

// recountFeed counts the feed's open cases again with the calendar as tx
// sees it: a holiday table that arrives moves other windows' dates as it
// moves this desk's (no event, derived data).
func (db *DB) recountFeed(ctx context.Context, tx *Tx) error {
	cal, _, err := db.calendarFrom(ctx, tx, false)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, "SELECT no, line, events FROM feed_cases WHERE accepted = 1 AND finished = 0")
	if err != nil {
		return err
	}
	type moved struct{ no, line string }
	var out []moved
	intern := interner{}
	var f [superviseFields]string
	for rows.Next() {
		var no, line, evs string
		if err := rows.Scan(&no, &line, &evs); err != nil {
			rows.Close()
			return err
		}
		if !splitFields(line, f[:]) {
			continue // unreadable: left as the platform sent it
		}
		fc := supervision.FeedCase{Events: parseFeedEvents(evs)}
		caseOfFields(&fc.Case, f[:], intern)
		supervision.Recount(cal, &fc)
		if nl := feedLine(&fc.Case); nl != line {
			out = append(out, moved{no, nl})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, m := range out {
		if _, err := tx.ExecContext(ctx, "UPDATE feed_cases SET line = ? WHERE no = ?", m.line, m.no); err != nil {
			return err
		}
	}
	return nil
}

// parseFeedEvents reads what feedEvents wrote.
func parseFeedEvents(s string) []hall.Event {
	if s == "" {
		return nil
	}
	var out []hall.Event
	for _, part := range strings.Split(s, ";") {
		kind, at, ok := strings.Cut(part, "@")
		if !ok {
			continue
		}
		sec, err := strconv.ParseInt(at, 10, 64)
		if err != nil {
			continue
		}
		out = append(out, hall.Event{Action: hall.Action(kind), At: supervision.UrgeTime(sec)})
	}
	return out
}

// feedRatings keeps a feed case's 好差评 in its row's rating column: each
// rating's stage, level, Unix time, channel, reasoned (1 or 0) and clerk
// joined by U+001F, the ratings by U+001E. Ratings are few (two a case at
// most): a column, not a table.
func feedRatings(rs []supervision.Rating) string {
	var sb strings.Builder
	for i, r := range rs {
		if i > 0 {
			sb.WriteByte('\x1e')
		}
		reasoned := "0"
		if r.Reasoned {
			reasoned = "1"
		}
		f := []string{string(r.Stage), string(r.Level), strconv.FormatInt(r.At.Unix(), 10), r.Channel, reasoned, r.Clerk}
		for j := range f {
			f[j] = strings.NewReplacer("\x1e", " ", "\x1f", " ").Replace(f[j])
		}
		sb.WriteString(strings.Join(f, "\x1f"))
	}
	return sb.String()
}

// parseFeedRatings reads what feedRatings wrote, for case no of
// department; a rating without its clerk takes the case's.
func parseFeedRatings(s, no, department, clerk string) []supervision.Rating {
	if s == "" {
		return nil
	}
	var out []supervision.Rating
	for _, part := range strings.Split(s, "\x1e") {
		f := strings.Split(part, "\x1f")
		if len(f) != 6 {
			continue
		}
		sec, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			continue
		}
		r := supervision.Rating{CaseNo: no, Stage: hall.RatingStage(f[0]), Level: hall.RatingLevel(f[1]),
			At: supervision.UrgeTime(sec), Channel: f[3], Reasoned: f[4] == "1", Remote: true,
			Clerk: f[5], Department: department}
		if r.Clerk == "" {
			r.Clerk = clerk
		}
		out = append(out, r)
	}
	return out
}

// feedRatingRows lists the feed's 好差评 of the scope's halls (codes),
// without this desk's own cases (skip: hall/desk), given in [from, to)
// (stamps; "" for open), in time order as ratingRows gives the desk's own.
func feedRatingRows(ctx context.Context, tx *sql.Tx, codes []string, skip, from, to string) ([]supervision.Rating, error) {
	in, _ := json.Marshal(codes)
	skipHall, skipDesk, _ := strings.Cut(skip, "/")
	rows, err := tx.QueryContext(ctx, `SELECT no, line, rating FROM feed_cases WHERE rating != ''
		AND hall IN (SELECT value FROM json_each(?1)) AND NOT (hall = ?2 AND desk = ?3)`, string(in), skipHall, skipDesk)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []supervision.Rating
	var f [superviseFields]string
	for rows.Next() {
		var no, line, rating string
		if err := rows.Scan(&no, &line, &rating); err != nil {
			return nil, err
		}
		if !splitFields(line, f[:]) {
			return nil, hall.Errorf(hall.ECorrupt, "监督数据中办件%s的记录无法读取", no)
		}
		for _, r := range parseFeedRatings(rating, no, f[4], f[7]) {
			if at := stamp(r.At); (from != "" && at < from) || (to != "" && at >= to) {
				continue
			}
			out = append(out, r)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b supervision.Rating) int { return a.At.Compare(b.At) })
	return out, nil
}
