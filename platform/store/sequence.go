package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Two logs are read by cursor: the change log desks pull (seq) and the
// supervision feed (seq). A reader that has seen number n never looks at
// n or below again, so a number must never become visible after a higher
// one. With one writer (SQLite) that holds by itself. With several
// writers (PostgreSQL, several instances) a number taken inside a
// transaction could commit after a higher one taken by a shorter
// transaction, and a reader between the two commits would skip it for
// ever; a counter row locked until commit avoids that but makes every
// writer commit in turn.
//
// So a transaction writes what it logs unnumbered: its seq is a negative
// mark (dialect.pending), which no cursor (never below 0) reaches. A
// numberer then gives all committed unnumbered rows their numbers, in the
// order of their marks, in a short transaction of its own: one numberer
// at a time across every instance (an advisory lock held until the
// numberer commits), so each numbering commits, and becomes visible whole,
// before the next takes higher numbers (docs/adr/0024). On SQLite the
// writer numbers its own rows as its transaction's last step instead: it
// is the only writer, and a second transaction would be a second fsync.
// On PostgreSQL a transaction that logged something waits, after its
// commit, for a numbering that began after it, so what it wrote is
// visible to readers when it returns; a tick numbers rows an instance
// committed and never numbered (it died in between).

// Counter rows (table counters) the logs are numbered from. Only the
// numberer moves them.
const (
	seqChanges     = "seq:changes"
	seqSupervision = "seq:supervision"
)

// numberLock is the advisory lock one numberer holds at a time.
const numberLock = 7262202

// numberTick is how often an idle instance looks for rows left
// unnumbered. Writers wait for their own rows' numbering, so only rows of
// an instance that died between its commit and its numbering wait for a
// tick; a busy instance, numbering all the time, skips it.
const numberTick = time.Second

// logChange adds a change desks pull, numbered after commit.
func (t *txn) logChange(c change) { t.changes = append(t.changes, c) }

// noteCase marks a case whose supervision feed row is rebuilt, and moved to
// the feed's end, at commit.
func (t *txn) noteCase(id string) { t.sup = append(t.sup, id) }

// tallyFor names the shard the transaction's tallies go to: one desk's
// pushes run one after another (ApplyBatch locks the desk's row), so a
// tally row per desk is never waited for by another desk's push.
func (t *txn) tallyFor(shard string) { t.shard = shard }

// bump moves a tally (table tallies, summed over its shards when read) by
// by, at commit.
func (t *txn) bump(name string, by int) {
	if by == 0 {
		return
	}
	if t.bumps == nil {
		t.bumps = map[string]int{}
	}
	t.bumps[name] += by
}

// finish writes what the transaction gathered, unnumbered, and reports
// what it logged to number (the feed, the change log). Locks are taken in one order (item
// rows, tallies by name), so two transactions finishing at once wait for
// each other instead of deadlocking.
func (s *Store) finish(ctx context.Context, t *txn) (logs, error) {
	rows, err := s.supervisionRows(ctx, t)
	if err != nil {
		return logs{}, err
	}
	names := make([]string, 0, len(t.bumps))
	for n := range t.bumps {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if err := t.later(ctx, `INSERT INTO tallies (name, shard, value) VALUES (?, ?, ?)
			ON CONFLICT (name, shard) DO UPDATE SET value = tallies.value + excluded.value`, n, t.shard, t.bumps[n]); err != nil {
			return logs{}, err
		}
	}
	if err := writeFeed(ctx, t, rows); err != nil {
		return logs{}, err
	}
	for _, c := range t.changes {
		if c.replace {
			// An older change of the same stream and key goes: a desk
			// behind it gets this one instead, a desk past it has it.
			if _, err := t.ExecContext(ctx, "DELETE FROM changes WHERE stream = ? AND key = ?", c.stream, c.key); err != nil {
				return logs{}, err
			}
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO changes (seq, stream, key, hall_code, desk_id, doc, at)
			VALUES (`+t.d.pending("changes")+`, ?, ?, ?, ?, ?, ?)`, c.stream, c.key, c.hall, c.desk, c.doc, c.at); err != nil {
			return logs{}, err
		}
	}
	l := logs{feed: len(rows) > 0, changes: len(t.changes) > 0}
	for _, r := range rows {
		l.cases = append(l.cases, r.id)
	}
	return l, nil
}

// writeFeed upserts the feed's rows, unnumbered, many a statement: their
// marks follow the rows' order, so the numberer numbers them in the order
// the cases last changed.
func writeFeed(ctx context.Context, t *txn, rows []supRow) error {
	items := make([]any, len(rows))
	for i, r := range rows {
		items[i] = r
	}
	return inChunks(items, func(part []any) error {
		var values strings.Builder
		args := make([]any, 0, 4*len(part))
		for i, p := range part {
			r := p.(supRow)
			if i > 0 {
				values.WriteString(", ")
			}
			values.WriteString("(?, ?, ?, " + t.d.pendingAt("supervision", i) + ", ?)")
			args = append(args, r.id, r.hall, r.item, r.doc)
		}
		return t.later(ctx, `INSERT INTO supervision (case_id, hall_code, item_code, seq, doc) VALUES `+
			values.String()+` ON CONFLICT (case_id) DO UPDATE SET hall_code = excluded.hall_code,
			item_code = excluded.item_code, seq = excluded.seq, doc = excluded.doc`, args...)
	})
}

// jsonList is a list of strings as a JSON array (dialect.inJSON).
func jsonList(ss []string) string {
	b, err := json.Marshal(ss)
	if err != nil {
		panic(err) // strings always marshal
	}
	return string(b)
}

// logs names the logs a transaction wrote to, or a numbering numbers.
type logs struct {
	feed, changes bool
	// cases are the cases whose feed rows a transaction wrote. A
	// numbering given them looks for unnumbered feed rows among those
	// cases' rows only, found by key; without them it reads the feed's
	// unnumbered rows through supervision_seq, whose range below 0 is,
	// on PostgreSQL, full of the dead index entries every numbering and
	// every rewritten row leave behind until vacuum (a queue's classic
	// cost: at a province's peak each such scan read ten thousand index
	// entries to find forty rows).
	cases []string
}

func (l logs) any() bool { return l.feed || l.changes }

// add is l and m together: what the writers awaiting one numbering
// wrote.
func (l logs) add(m logs) logs {
	return logs{feed: l.feed || m.feed, changes: l.changes || m.changes, cases: append(l.cases, m.cases...)}
}

// allLogs is what the numberer numbers when it looks for everything
// unnumbered: any instance may have written to either log.
var allLogs = logs{feed: true, changes: true}

// execer is a transaction of either kind: the store's own or the
// numberer's.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// number gives the unnumbered rows of both logs their numbers, in the
// order of their marks, and moves the counters past them. On PostgreSQL it
// runs under the numberer's lock; rows still locked by a transaction that
// is changing them (a feed row written again) are left to the next
// numbering, which numbers them as that transaction left them.
func number(ctx context.Context, q execer, d dialect, which logs) error {
	for _, l := range []struct {
		table, counter string
		on             bool
	}{{"supervision", seqSupervision, which.feed}, {"changes", seqChanges, which.changes}} {
		if !l.on {
			continue
		}
		var base int64
		// Locked, though only numberers move it: an instance of the
		// version that numbered inside its transactions, still running
		// during an upgrade, then waits for this numbering, as it waited
		// for its own kind.
		if err := q.QueryRowContext(ctx, "SELECT value FROM counters WHERE name = ?"+d.lockRow, l.counter).Scan(&base); err != nil {
			return fmt.Errorf("counter %s: %w", l.counter, err)
		}
		// Each row is found again by its address (d.rowAddr), not by
		// its mark: one index probe a row less.
		where, args := "seq < 0", []any{base}
		if l.table == "supervision" && which.cases != nil {
			// seq + 0, not seq: it keeps the planner off supervision_seq,
			// which it prefers once its statistics say few rows are below
			// 0, and walks through the dead entries there (a province's
			// peak: 19 ms a numbering); the cases' keys find their rows in
			// a few probes each.
			where, args = "case_id IN "+d.inJSON+" AND seq + 0 < 0", append(args, jsonList(which.cases))
		}
		res, err := q.ExecContext(ctx, `UPDATE `+l.table+` SET seq = ? + p.n FROM (SELECT r,
			row_number() OVER (ORDER BY old DESC) AS n FROM (SELECT `+d.rowAddr+` AS r, seq AS old
			FROM `+l.table+` WHERE `+where+d.lockSkip+`) AS q) AS p WHERE `+l.table+`.`+d.rowAddr+` = p.r`, args...)
		if err != nil {
			return fmt.Errorf("number %s: %w", l.table, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			continue
		}
		// The counter moves to the highest number given, not by the rows
		// numbered: a row another writer changed between this numbering's
		// snapshot and its lock is left for the next one, and the number
		// it was counted for stays a gap, which no reader minds, rather
		// than being given twice.
		var top int64
		if err := q.QueryRowContext(ctx, "SELECT max(seq) FROM "+l.table+" WHERE seq > ?", base).Scan(&top); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, "UPDATE counters SET value = ? WHERE name = ?", top, l.counter); err != nil {
			return err
		}
		if l.table == "changes" {
			// Two transactions that replaced one change at once each kept
			// their own: the one numbered last stays.
			if _, err := q.ExecContext(ctx, `DELETE FROM changes WHERE seq > 0
				AND (stream, key) IN (SELECT stream, key FROM changes WHERE seq > ?)
				AND seq < (SELECT max(n.seq) FROM changes AS n WHERE n.stream = changes.stream AND n.key = changes.key)`,
				base); err != nil {
				return err
			}
		}
	}
	return nil
}

// numberer numbers one PostgreSQL store's logs: one pass at a time in this
// instance, one at a time across instances (numberLock). Writers that
// committed wait for the next pass; the passes run on their own
// connection, so writers holding the pool never keep them waiting.
type numberer struct {
	conn *db
	// waits and waited count the writers' waits and their time (ns), from
	// commit to numbered: how long a change is committed but not yet
	// visible to a reader by cursor (BenchmarkPush reports it).
	waits, waited atomic.Int64
	mu            sync.Mutex
	next          *pass // the pass that starts after the last request, if any
	kick          chan struct{}
	stop          context.CancelFunc
	done          chan struct{}
}

// pass is one numbering, awaited by the writers that committed before it
// began; it numbers what they wrote (want).
type pass struct {
	want logs
	all  bool // a writer asked for everything unnumbered
	done chan struct{}
	err  error
}

func startNumberer(conn *db) *numberer {
	ctx, stop := context.WithCancel(context.Background())
	n := &numberer{conn: conn, kick: make(chan struct{}, 1), stop: stop, done: make(chan struct{})}
	go n.run(ctx)
	return n
}

// wait returns once a pass that began after the call has committed,
// having numbered what the writer wrote (wrote; allLogs for everything).
func (n *numberer) wait(ctx context.Context, wrote logs) error {
	began := time.Now()
	defer func() {
		n.waits.Add(1)
		n.waited.Add(int64(time.Since(began)))
	}()
	n.mu.Lock()
	p := n.next
	if p == nil {
		p = &pass{done: make(chan struct{})}
		n.next = p
	}
	p.want = p.want.add(wrote)
	p.all = p.all || (wrote.feed && wrote.cases == nil)
	n.mu.Unlock()
	select {
	case n.kick <- struct{}{}:
	default:
	}
	select {
	case <-p.done:
		return p.err
	case <-ctx.Done():
		return ctx.Err()
	case <-n.done:
		return fmt.Errorf("numberer stopped")
	}
}

func (n *numberer) run(ctx context.Context) {
	defer close(n.done)
	tick := time.NewTicker(numberTick)
	defer tick.Stop()
	var whole time.Time // the last numbering that looked for everything unnumbered
	for {
		select {
		case <-ctx.Done():
			return
		case <-n.kick:
		case <-tick.C:
		}
		n.mu.Lock()
		p := n.next
		n.next = nil
		n.mu.Unlock()
		// A pass numbers what its writers wrote, found by key; once a
		// tick it looks for everything unnumbered, which finds the rows
		// of an instance that died between its commit and its
		// numbering, and rows a writer's own pass skipped.
		everything := time.Since(whole) >= numberTick || (p != nil && p.all)
		if p == nil && !everything {
			continue
		}
		want := allLogs
		if !everything {
			want = p.want
		}
		err := n.pass(ctx, want, p != nil)
		if err == nil && everything {
			whole = time.Now()
		}
		if p != nil {
			p.err = err
			close(p.done)
		}
	}
}

// pass numbers want. A pass on the tick that no writer asked for first
// looks without a lock, so an idle instance costs one cheap query a tick.
func (n *numberer) pass(ctx context.Context, want logs, asked bool) error {
	if !asked {
		var waiting bool
		err := n.conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM supervision WHERE seq < 0)
			OR EXISTS (SELECT 1 FROM changes WHERE seq < 0)`).Scan(&waiting)
		if err != nil || !waiting {
			return err
		}
	}
	for attempt := 1; ; attempt++ {
		err := n.once(ctx, want)
		if err == nil || !retryable(err) || attempt == maxAttempts {
			return err
		}
		if err := backoff(ctx, attempt); err != nil {
			return err
		}
	}
}

func (n *numberer) once(ctx context.Context, want logs) error {
	t, err := n.conn.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	tx := &txn{Tx: t, d: n.conn.d}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", numberLock); err != nil {
		return err
	}
	if err := number(ctx, tx, tx.d, want); err != nil {
		return err
	}
	return tx.Commit()
}

func (n *numberer) close() {
	n.stop()
	<-n.done
	n.conn.Close()
}
