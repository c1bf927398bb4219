package sqlite

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"yichuang/hall"
	"yichuang/hall/supervision"
)

var _ supervision.Service = (*Cases)(nil)

// Supervise lists the accepted cases for the supervisor (时限监督) in
// case-number order, with the open cases not yet accepted and the calendar,
// from one read transaction. The query reads only the cases_supervise
// index, never the cases' documents, so 100,000 cases list in a fraction
// of a second.
func (s *Cases) Supervise(ctx context.Context, q supervision.Query) (supervision.Snapshot, error) {
	var snap supervision.Snapshot
	err := s.db.View(ctx, func(tx *sql.Tx) error {
		var err error
		if snap.Calendar, _, err = s.db.calendarFrom(ctx, tx, true); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM cases WHERE accepted_at = ''
			AND state IN ('咨询', '收件', '补正')`).Scan(&snap.Waiting); err != nil {
			return err
		}
		var from, to string
		if !q.From.IsZero() {
			from = stamp(q.From.Start())
		}
		if !q.To.IsZero() {
			to = stamp(q.To.AddDays(1).Start())
		}
		if snap.Ratings, err = ratingRows(ctx, tx, from, to); err != nil {
			return err
		}
		if snap.Halls, err = feedHalls(ctx, tx); err != nil {
			return err
		}
		if snap.Own, err = settingOf(ctx, tx, hall.SettingHallCode); err != nil {
			return err
		}
		if q.Scope.Kind == supervision.ScopeUnder {
			snap.Waiting = 0   // the desk's own waiting cases are not below its hall
			snap.Ratings = nil // nor its ratings
		} else if snap.Cases, err = superviseRows(ctx, tx, q); err != nil {
			return err
		}
		if q.Scope.Kind == supervision.ScopeDesk {
			return nil
		}
		desk, err := settingOf(ctx, tx, hall.SettingDeskCode)
		if err != nil {
			return err
		}
		// The desk's own cases come from its own tables (fresher than the
		// feed's copy); the feed gives every other desk's.
		codes := scopeHalls(snap.Halls, snap.Own, q.Scope)
		feed, waiting, err := superviseFeed(ctx, tx, codes, snap.Own+"/"+desk, q)
		if err != nil {
			return err
		}
		// The other windows' 好差评 of the scope, from the feed, beside the
		// desk's own from its ratings table.
		remote, err := feedRatingRows(ctx, tx, codes, snap.Own+"/"+desk, from, to)
		if err != nil {
			return err
		}
		snap.Ratings = mergeSorted(snap.Ratings, remote, func(x, y supervision.Rating) bool { return x.At.Before(y.At) })
		snap.Cases = mergeSorted(snap.Cases, feed, func(x, y supervision.Case) bool { return x.No < y.No })
		snap.Waiting += waiting
		return nil
	})
	return snap, err
}

func feedHalls(ctx context.Context, tx *sql.Tx) ([]supervision.Hall, error) {
	rows, err := tx.QueryContext(ctx, "SELECT code, name, level, parent FROM feed_halls ORDER BY code")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []supervision.Hall
	for rows.Next() {
		var h supervision.Hall
		if err := rows.Scan(&h.Code, &h.Name, &h.Level, &h.Parent); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func settingOf(ctx context.Context, tx *sql.Tx, key string) (string, error) {
	var v string
	err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return v, err
}

// superviseSQL returns each accepted case as one text, its fields joined
// by the unit separator (U+001F): fetching one column instead of seventeen
// per row lists 100,000 cases 1.7 times as fast through the driver
// (measured). Cases accepted before their limits were kept beside them take the
// item's (the subqueries run only for those).
const superviseSQL = `SELECT no || char(31) || accepted_at || char(31) || finished_at || char(31) || state
	|| char(31) || department || char(31) || item_code || char(31) || item_name || char(31) || clerk
	|| char(31) || promise_due || char(31) || legal_due
	|| char(31) || coalesce(due_promise_days, (SELECT promise_days FROM items WHERE code = item_code), 0)
	|| char(31) || CASE WHEN due_promise_days IS NULL
		THEN coalesce((SELECT promise_unit FROM items WHERE code = item_code), '') ELSE due_promise_unit END
	|| char(31) || coalesce(due_legal_days, (SELECT legal_days FROM items WHERE code = item_code), 0)
	|| char(31) || CASE WHEN due_legal_days IS NULL
		THEN coalesce((SELECT legal_unit FROM items WHERE code = item_code), '') ELSE due_legal_unit END
	|| char(31) || due_stopped_days || char(31) || due_provisional || char(31) || due_stops
	FROM cases WHERE accepted_at != '' AND (?1 = '' OR accepted_at >= ?1) AND (?2 = '' OR accepted_at < ?2)`

// The open cases only: a literal condition, so that SQLite may read the
// small cases_supervise_open index.
const superviseOpen = ` AND finished_at = ''`

const superviseFields = 17

func superviseRows(ctx context.Context, tx *sql.Tx, q supervision.Query) ([]supervision.Case, error) {
	var from, to string
	if !q.From.IsZero() {
		from = stamp(q.From.Start())
	}
	if !q.To.IsZero() {
		to = stamp(q.To.AddDays(1).Start())
	}
	query, count := superviseSQL, "SELECT count(*) FROM cases WHERE accepted_at != ''"
	if q.OpenOnly {
		query, count = query+superviseOpen, count+superviseOpen
	}
	var n int
	if err := tx.QueryRowContext(ctx, count).Scan(&n); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, query+" ORDER BY no", from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]supervision.Case, 0, n) // one allocation, not a dozen copies of 100,000 rows
	intern := interner{}
	var line string
	var f [superviseFields]string
	for rows.Next() {
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if !splitFields(line, f[:]) {
			no, _, _ := strings.Cut(line, "\x1f")
			return nil, hall.Errorf(hall.ECorrupt, "办件%s的记录含有无法识别的字符，时限监督无法读取", no)
		}
		var c supervision.Case
		caseOfFields(&c, f[:], intern)
		out = append(out, c)
	}
	return out, rows.Err()
}

// caseOfFields fills c from the fields of one supervisor's line.
func caseOfFields(c *supervision.Case, f []string, intern interner) {
	c.No, c.AcceptedAt, c.FinishedAt = strings.Clone(f[0]), parseStamp(f[1]), parseStamp(f[2])
	c.Hall, c.Desk = intern.of(supervision.HallOf(c.No)), intern.of(supervision.DeskOf(c.No))
	c.State, c.Department, c.ItemCode = hall.State(intern.of(f[3])), intern.of(f[4]), intern.of(f[5])
	c.ItemName, c.Clerk, c.PromiseDue, c.LegalDue = intern.of(f[6]), intern.of(f[7]), f[8], f[9]
	c.Provisional, c.Stops = f[15] == "1", f[16]
	c.PromiseLimit.Days, _ = strconv.Atoi(f[10])
	c.PromiseLimit.Unit = hall.Unit(intern.of(f[11]))
	c.LegalLimit.Days, _ = strconv.Atoi(f[12])
	c.LegalLimit.Unit = hall.Unit(intern.of(f[13]))
	c.StoppedWorkdays, _ = strconv.Atoi(f[14])
}

// splitFields cuts line at each U+001F into f; false unless it has exactly
// len(f) fields.
func splitFields(line string, f []string) bool {
	for i := range f[:len(f)-1] {
		var ok bool
		if f[i], line, ok = strings.Cut(line, "\x1f"); !ok {
			return false
		}
	}
	f[len(f)-1] = line
	return !strings.Contains(line, "\x1f")
}

// interner keeps one copy of each repeated text (department, item, clerk):
// 100,000 cases name a few hundred of them.
type interner map[string]string

func (in interner) of(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	s = strings.Clone(s) // not a slice of the row's text, which can then go
	in[s] = s
	return s
}

// mergeSorted merges two lists, each in order, into one in that order; of
// equal elements a's come first.
func mergeSorted[T any](a, b []T, less func(x, y T) bool) []T {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make([]T, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if !less(b[j], a[i]) {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	return append(append(out, a[i:]...), b[j:]...)
}
