package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// The store speaks one SQL to two databases (docs/adr/0024): SQLite for a
// pilot, PostgreSQL (and the databases that speak its protocol) for a
// province. Statements are written once, with ? placeholders, in the SQL
// both accept; the dialect rewrites the placeholders for PostgreSQL and
// holds the few statements that differ.
type dialect struct {
	pg bool
	// lockRow ends a SELECT of a row the transaction will change: under
	// PostgreSQL's READ COMMITTED two instances would otherwise both read
	// the old row. SQLite has one writer: nothing to add.
	lockRow string
	// columnCount counts a table's columns of a name (table, column).
	columnCount string
	// feed reads a page of the supervision feed (after, halls as a JSON
	// array, limit).
	feed string
	// lockSkip ends the numberer's SELECT of unnumbered rows: a row a
	// writer is changing is left for the next numbering (sequence.go).
	lockSkip string
	// rowAddr is the column of a row's address, which the numberer finds
	// the rows it numbers again by.
	rowAddr string
	// inJSON is the set of strings of a JSON array argument, after IN.
	inJSON string
}

// pending is the SQL of a negative mark for an unnumbered row of table
// (sequence.go), unique among its unnumbered rows and growing more
// negative in the order they were written. PostgreSQL's writers take them
// from one sequence at once; SQLite's one writer numbers its rows before
// it commits, so the table holds no other marks than its own.
func (d dialect) pending(table string) string {
	if d.pg {
		return "-nextval('log_pending')"
	}
	return "(SELECT coalesce(min(seq), 0) - 1 FROM " + table + " WHERE seq < 0)"
}

// pendingAt is pending for the i-th row of a multi-row INSERT: SQLite
// may read the table once for all the statement's rows, so each row goes
// i further below what it read; PostgreSQL takes one mark a row, in the
// rows' order.
func (d dialect) pendingAt(table string, i int) string {
	if d.pg || i == 0 {
		return d.pending(table)
	}
	return "(" + d.pending(table) + " - " + strconv.Itoa(i) + ")"
}

var (
	sqliteDialect = dialect{
		rowAddr:     "rowid",
		inJSON:      "(SELECT value FROM json_each(?))",
		columnCount: `SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`,
		feed: `SELECT seq, doc FROM supervision INDEXED BY supervision_seq WHERE seq > ?
			AND hall_code IN (SELECT value FROM json_each(?)) ORDER BY seq LIMIT ?`,
	}
	postgresDialect = dialect{
		pg:       true,
		lockRow:  " FOR UPDATE",
		lockSkip: " FOR UPDATE SKIP LOCKED",
		rowAddr:  "ctid",
		inJSON:   "(SELECT jsonb_array_elements_text(CAST(? AS jsonb)))",
		columnCount: `SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()
			AND table_name = ? AND column_name = ?`,
		feed: `SELECT seq, doc FROM supervision WHERE seq > ?
			AND hall_code IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb))) ORDER BY seq LIMIT ?`,
	}
)

// rebound caches PostgreSQL's form of each statement.
var rebound sync.Map

// bind turns the ? and ?N placeholders of query into PostgreSQL's $N.
// Quoted text is left alone.
func (d dialect) bind(query string) string {
	if !d.pg {
		return query
	}
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	n, quoted := 0, false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			b.WriteByte('$')
			if j > i+1 {
				b.WriteString(query[i+1 : j])
			} else {
				n++
				b.WriteString(strconv.Itoa(n))
			}
			i = j - 1
			continue
		}
		b.WriteByte(c)
	}
	rebound.Store(query, b.String())
	return b.String()
}

// db is a pool that speaks the store's SQL.
type db struct {
	*sql.DB
	d dialect
	// stmts, when set, keeps the pool's statements prepared for its
	// transactions (SQLite's writer: modernc.org/sqlite parses a statement
	// at every Exec it is not prepared for; pgx keeps its own cache).
	stmts *stmtCache
}

// maxCached bounds how many statements a stmtCache keeps prepared.
const maxCached = 256

// stmtCache holds prepared statements by their text. A statement is
// prepared on the pool after the transaction that first ran it has ended
// (the writer's one connection is that transaction's until then), and
// from then on a transaction runs it through Tx.StmtContext, which reuses
// what was prepared on its connection.
type stmtCache struct {
	mu     sync.Mutex
	ready  map[string]*sql.Stmt
	wanted map[string]bool
}

func newStmtCache() *stmtCache {
	return &stmtCache{ready: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// stmt returns query's prepared statement, or nil (then noted, to be
// prepared by prepareWanted).
func (c *stmtCache) stmt(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.ready[query]
	if st == nil && len(c.ready)+len(c.wanted) < maxCached {
		c.wanted[query] = true
	}
	return st
}

// prepareWanted prepares the statements noted since the last call. A
// statement that does not prepare is left to run unprepared.
func (c *stmtCache) prepareWanted(ctx context.Context, p *sql.DB) {
	c.mu.Lock()
	var todo []string
	for q := range c.wanted {
		todo = append(todo, q)
	}
	clear(c.wanted)
	c.mu.Unlock()
	for _, q := range todo {
		st, err := p.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if c.ready[q] == nil {
			c.ready[q], st = st, nil
		}
		c.mu.Unlock()
		if st != nil {
			st.Close()
		}
	}
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.ready {
		st.Close()
		delete(c.ready, q)
	}
}

func (p *db) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.DB.ExecContext(ctx, p.d.bind(query), args...)
}

func (p *db) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.DB.QueryContext(ctx, p.d.bind(query), args...)
}

func (p *db) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return p.DB.QueryRowContext(ctx, p.d.bind(query), args...)
}

func (p *db) Exec(query string, args ...any) (sql.Result, error) {
	return p.ExecContext(context.Background(), query, args...)
}

func (p *db) Query(query string, args ...any) (*sql.Rows, error) {
	return p.QueryContext(context.Background(), query, args...)
}

func (p *db) QueryRow(query string, args ...any) *sql.Row {
	return p.QueryRowContext(context.Background(), query, args...)
}

// snapshot begins a read-only transaction that sees one state of the
// store throughout: SQLite's read transactions do; PostgreSQL's need
// REPEATABLE READ (READ COMMITTED takes a new snapshot per statement, so
// a page and the cursor after it could disagree).
func (p *db) snapshot(ctx context.Context) (*txn, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if p.d.pg {
		opts.Isolation = sql.LevelRepeatableRead
	}
	t, err := p.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &txn{Tx: t, d: p.d, stmts: p.stmts}, nil
}

// txn is a transaction that speaks the store's SQL. A write transaction
// also gathers what must be numbered in commit order (the change log, the
// supervision feed) and the counters it moves: update writes them as its
// last step (sequence.go).
type txn struct {
	*sql.Tx
	d       dialect
	stmts   *stmtCache
	changes []change
	sup     []string
	bumps   map[string]int
	// cases are the cases the transaction read or changed, by id, in the
	// order first met (caseOrder); events are what a push has yet to
	// write (cases.go).
	cases     map[string]*stored
	caseOrder []string
	events    []pendingEvent
	shard     string // the tallies' shard (tallyFor)
	// conn is the transaction's own connection on PostgreSQL: the writes
	// it deferred (later) go through it to the server together.
	conn *sql.Conn
	pend []pendingStmt
	// sendErr is the error of the last deferred writes sent: a statement
	// that follows them in an aborted transaction fails with its own
	// error, and the transaction reports this one (failed).
	sendErr error
}

// pendingStmt is a write deferred by later.
type pendingStmt struct {
	query string
	args  []any
}

// later runs query with args before the transaction's next statement or
// its commit: on PostgreSQL the writes a push gathers go to the server
// together, one round trip (pgx's batch) instead of one each, in their
// order among the transaction's statements. Their error is reported by the
// statement that sends them (failed). Elsewhere later runs query now.
func (t *txn) later(ctx context.Context, query string, args ...any) error {
	if t.conn == nil {
		_, err := t.ExecContext(ctx, query, args...)
		return err
	}
	t.pend = append(t.pend, pendingStmt{t.d.bind(query), args})
	return nil
}

// send sends the deferred writes.
func (t *txn) send(ctx context.Context) error {
	if len(t.pend) == 0 {
		return nil
	}
	pend := t.pend
	t.pend = nil
	err := t.conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("deferred writes on a %T connection", dc)
		}
		b := &pgx.Batch{}
		for _, p := range pend {
			b.Queue(p.query, p.args...)
		}
		br := sc.Conn().SendBatch(ctx, b)
		for range pend {
			if _, err := br.Exec(); err != nil {
				_ = br.Close()
				return err
			}
		}
		return br.Close()
	})
	if err != nil {
		t.sendErr = err
	}
	return err
}

// failed is err, or the error of deferred writes that aborted the
// transaction before the statement that returned err.
func (t *txn) failed(err error) error {
	if err != nil && t.sendErr != nil {
		return t.sendErr
	}
	return err
}

// commit sends the deferred writes, then commits.
func (t *txn) commit(ctx context.Context) error {
	if err := t.send(ctx); err != nil {
		_ = t.Tx.Rollback()
		return err
	}
	return t.Commit()
}

// Commit commits, and refuses to when deferred writes were not sent
// (commit sends them) or failed: the transaction would lose them.
func (t *txn) Commit() error {
	if len(t.pend) > 0 || t.sendErr != nil {
		_ = t.Tx.Rollback()
		if t.sendErr != nil {
			return t.sendErr
		}
		return errors.New("deferred writes not sent before the commit")
	}
	return t.Tx.Commit()
}

// Rollback drops the deferred writes with the transaction.
func (t *txn) Rollback() error {
	t.pend = nil
	return t.Tx.Rollback()
}

// keepCase keeps case id as the transaction leaves it.
func (t *txn) keepCase(id string, st *stored) {
	if t.cases == nil {
		t.cases = map[string]*stored{}
	}
	if _, ok := t.cases[id]; !ok {
		t.caseOrder = append(t.caseOrder, id)
	}
	t.cases[id] = st
}

// forgetCase drops case id, changed otherwise than through keepCase: it is
// read again when needed.
func (t *txn) forgetCase(id string) { delete(t.cases, id) }

// prepared is query's statement prepared for the transaction, or nil.
func (t *txn) prepared(ctx context.Context, query string) *sql.Stmt {
	if t.stmts == nil {
		return nil
	}
	if st := t.stmts.stmt(query); st != nil {
		return t.Tx.StmtContext(ctx, st)
	}
	return nil
}

func (t *txn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := t.send(ctx); err != nil {
		return nil, err
	}
	q := t.d.bind(query)
	if st := t.prepared(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, q, args...)
}

func (t *txn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := t.send(ctx); err != nil {
		return nil, err
	}
	q := t.d.bind(query)
	if st := t.prepared(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, q, args...)
}

func (t *txn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	// A failed send leaves the transaction aborted: the row's query then
	// fails, and failed reports the send's error.
	_ = t.send(ctx)
	q := t.d.bind(query)
	if st := t.prepared(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, q, args...)
}

// mark is how much a transaction has gathered, to forget what a savepoint
// rolled back.
type mark struct{ changes, sup int }

func (t *txn) mark() mark { return mark{len(t.changes), len(t.sup)} }

func (t *txn) rewind(m mark) { t.changes, t.sup = t.changes[:m.changes], t.sup[:m.sup] }

// maxAttempts bounds how often update runs a transaction PostgreSQL
// refused for a conflict with another transaction.
const maxAttempts = 12

// retryable reports whether PostgreSQL refused the transaction for a
// conflict with a concurrent one, so that running it again from the start
// can succeed: a serialization failure, a deadlock, or a unique key that
// another instance inserted first (the run again finds its row, e.g. an
// operation applied by the other instance answers as a duplicate).
func retryable(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40001", "40P01", "23505":
		return true
	}
	return false
}

// backoff waits a little, more after each attempt, and at random: two
// transactions that collided should not collide again.
func backoff(ctx context.Context, attempt int) error {
	d := time.Duration(1+rand.IntN(2<<min(attempt, 6))) * time.Millisecond
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}
