package store

import (
	"context"
	"crypto/sha256"
	"fmt"
	"hash"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"

	"yichuang/hall"
)

// A copy is checked before it commits by reading both sides the same way:
// every table's rows counted, every counter compared, and a hash of every
// case — its row, its events in order, its files with what the platform
// holds of each — computed by one function from either database.

// scanner is the rows of a query, from either database.
type scanner interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// sideQuery runs a query without arguments on one side; done frees its rows.
type sideQuery func(ctx context.Context, q string) (rows scanner, done func(), err error)

func sqliteSide(tx *txn) sideQuery {
	return func(ctx context.Context, q string) (scanner, func(), error) {
		r, err := tx.QueryContext(ctx, q)
		if err != nil {
			return nil, nil, err
		}
		return r, func() { r.Close() }, nil
	}
}

func postgresSide(tx pgx.Tx) sideQuery {
	return func(ctx context.Context, q string) (scanner, func(), error) {
		r, err := tx.Query(ctx, q)
		if err != nil {
			return nil, nil, err
		}
		return r, r.Close, nil
	}
}

// verifyCopy compares the two sides and returns how many cases matched.
// Any difference refuses the copy, naming the table, counter or case.
func verifyCopy(ctx context.Context, src *txn, dst pgx.Tx, copied []TableCount) (int, error) {
	from, to := sqliteSide(src), postgresSide(dst)
	for _, t := range copied {
		q := "SELECT count(*) FROM " + pgx.Identifier{t.Name}.Sanitize()
		a, err := count(ctx, from, q)
		if err != nil {
			return 0, err
		}
		b, err := count(ctx, to, q)
		if err != nil {
			return 0, err
		}
		if a != b || a != t.Rows {
			return 0, hall.Wrap(hall.EInternal, errCopyDiffers, "迁移校验失败：表 %s 在试点平台有 %d 行，PostgreSQL 中有 %d 行（已复制 %d 行），目标数据库未作改动", t.Name, a, b, t.Rows)
		}
	}
	ca, err := countersOf(ctx, from)
	if err != nil {
		return 0, err
	}
	cb, err := countersOf(ctx, to)
	if err != nil {
		return 0, err
	}
	for name, v := range ca {
		if cb[name] != v {
			return 0, hall.Wrap(hall.EInternal, errCopyDiffers, "迁移校验失败：计数器 %s 在试点平台为 %d，PostgreSQL 中为 %d，目标数据库未作改动", name, v, cb[name])
		}
	}
	ha, err := caseHashes(ctx, from)
	if err != nil {
		return 0, fmt.Errorf("hash the pilot's cases: %w", err)
	}
	hb, err := caseHashes(ctx, to)
	if err != nil {
		return 0, fmt.Errorf("hash the copied cases: %w", err)
	}
	if no := firstDifferent(ha, hb); no != "" {
		return 0, hall.Wrap(hall.EInternal, errCopyDiffers, "迁移校验失败：办件 %s 复制后与试点平台上的不一致（办件、事件或文件），目标数据库未作改动", no)
	}
	return len(ha), nil
}

func count(ctx context.Context, q sideQuery, query string) (int64, error) {
	rows, done, err := q(ctx, query)
	if err != nil {
		return 0, err
	}
	defer done()
	var n int64
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}

func countersOf(ctx context.Context, q sideQuery) (map[string]int64, error) {
	rows, done, err := q(ctx, `SELECT name, value FROM counters
		UNION ALL SELECT 'tally ' || name, CAST(sum(value) AS BIGINT) FROM tallies GROUP BY name`)
	if err != nil {
		return nil, err
	}
	defer done()
	out := map[string]int64{}
	for rows.Next() {
		var n string
		var v int64
		if err := rows.Scan(&n, &v); err != nil {
			return nil, err
		}
		out[n] = v
	}
	return out, rows.Err()
}

// caseHash is a case's hash, by its number.
type caseHash struct {
	no  string
	sum [sha256.Size]byte
}

// caseHashes hashes every case by its id: the case's row (with the order
// it arrived in), then its events in order, then its files in order of
// their SHA-256 with the size, place and sealed key the platform holds for
// each. Every value is written with its length, so no two different rows
// hash alike.
func caseHashes(ctx context.Context, q sideQuery) (map[string]caseHash, error) {
	out := map[string]caseHash{}
	rows, done, err := q(ctx, `SELECT id, rowid, no, desk_id, hall_code, state, doc, updated_at, bundle_id FROM cases`)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	for rows.Next() {
		var id, no, desk, hallCode, state, doc, updated, bundle string
		var rowid int64
		if err := rows.Scan(&id, &rowid, &no, &desk, &hallCode, &state, &doc, &updated, &bundle); err != nil {
			done()
			return nil, err
		}
		h.Reset()
		write(h, id, strconv.FormatInt(rowid, 10), no, desk, hallCode, state, doc, updated, bundle)
		c := caseHash{no: no}
		h.Sum(c.sum[:0])
		out[id] = c
	}
	err = rows.Err()
	done()
	if err != nil {
		return nil, err
	}
	// Rows of one case come together (ordered by case), so each case's
	// part is hashed in one pass and folded into its hash when the next
	// case begins.
	parts := []struct {
		tag, query string
		cols       int
	}{
		{"events", `SELECT case_id, id, CAST(seq AS TEXT), origin, at, doc FROM case_events ORDER BY case_id, seq`, 6},
		{"files", `SELECT cf.case_id, cf.sha256, cf.name, coalesce(CAST(f.size AS TEXT), ''), coalesce(f.path, ''),
			coalesce(f.file_key, ''), coalesce(f.verified_at, '') FROM case_files cf
			LEFT JOIN files f ON f.sha256 = cf.sha256 ORDER BY cf.case_id, cf.sha256`, 7},
	}
	for _, p := range parts {
		if err := foldPart(ctx, q, p.tag, p.query, p.cols, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func foldPart(ctx context.Context, q sideQuery, tag, query string, cols int, out map[string]caseHash) error {
	rows, done, err := q(ctx, query)
	if err != nil {
		return err
	}
	defer done()
	vals := make([]string, cols)
	ptrs := make([]any, cols)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	h, current := sha256.New(), ""
	fold := func() {
		if current == "" {
			return
		}
		c, ok := out[current]
		if !ok { // a row of a case that is not there: no case may match it
			c = caseHash{no: "（编号未知，内部编号 " + current + "）"}
		}
		write(h, tag)
		h.Write(c.sum[:])
		h.Sum(c.sum[:0])
		out[current] = c
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if vals[0] != current {
			fold()
			current = vals[0]
			h.Reset()
		}
		write(h, vals[1:]...)
	}
	fold()
	return rows.Err()
}

func write(h hash.Hash, vals ...string) {
	for _, v := range vals {
		h.Write([]byte(strconv.Itoa(len(v)) + ":"))
		h.Write([]byte(v))
	}
}

// firstDifferent names the first case, in order of number, whose hash
// differs or that one side lacks; "" when all match.
func firstDifferent(a, b map[string]caseHash) string {
	var bad []string
	for id, x := range a {
		if y, ok := b[id]; !ok || y.sum != x.sum {
			bad = append(bad, x.no)
		}
	}
	for id, y := range b {
		if _, ok := a[id]; !ok {
			bad = append(bad, y.no)
		}
	}
	if len(bad) == 0 {
		return ""
	}
	slices.Sort(bad)
	return bad[0]
}
