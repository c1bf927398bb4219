package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// maxChunk is the most rows one multi-row statement carries. Statements
// are cut into pieces of a multiple of four rows (then two, one), so that
// few texts are ever prepared and cached (dialect.go) whatever the
// batch's size, and a desk's batch of 20 operations is one statement, not
// a piece of 16 and one of 4.
const maxChunk = 64

// inChunks calls fn with items in pieces of at most 64 rows: a multiple
// of four, or two, or one.
func inChunks(items []any, fn func(part []any) error) error {
	for len(items) > 0 {
		n := min(len(items), maxChunk)
		switch {
		case n >= 4:
			n -= n % 4
		case n == 3:
			n = 2
		}
		if err := fn(items[:n]); err != nil {
			return err
		}
		items = items[n:]
	}
	return nil
}

// inLists calls fn with ids in IN lists of at most 64: each list's length
// one of inChunks's sizes, reached by naming its last id again where it
// falls short (an IN list means the same with a member twice). Up to 64
// ids are one statement, not the up to three of inChunks: one round trip
// to PostgreSQL each.
func inLists(ids []any, fn func(list []any) error) error {
	for len(ids) > 0 {
		n := min(len(ids), maxChunk)
		list := ids[:n]
		if size := (n + 3) / 4 * 4; n > 2 && size != n {
			list = slices.Grow(slices.Clip(list), size-n)
			for len(list) < size {
				list = append(list, ids[n-1])
			}
		}
		if err := fn(list); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// placeholders is n groups of cols placeholders: "?, ?" for one column,
// "(?, ?), (?, ?)" for more.
func placeholders(n, cols int) string {
	one := strings.TrimSuffix(strings.Repeat("?, ", cols), ", ")
	if cols > 1 {
		one = "(" + one + ")"
	}
	return strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
}

// queryIn runs query, whose IN list is left as %s, with args then ids,
// the ids in lists (inLists), and calls scan for each row.
func queryIn(ctx context.Context, tx *txn, query string, args, ids []any, scan func(*sql.Rows) error) error {
	return inLists(ids, func(part []any) error {
		rows, err := tx.QueryContext(ctx, fmt.Sprintf(query, placeholders(len(part), 1)), append(slices.Clip(args), part...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// insertRows runs head, the rows' values, then tail, for rows, many a
// statement: an INSERT … VALUES, or a statement that reads its rows from
// VALUES (an UPDATE … FROM). The statements go with the transaction's
// next one (txn.later).
func insertRows(ctx context.Context, tx *txn, head, tail string, rows [][]any) error {
	items := make([]any, len(rows))
	for i, r := range rows {
		items[i] = r
	}
	return inChunks(items, func(part []any) error {
		var args []any
		for _, r := range part {
			args = append(args, r.([]any)...)
		}
		return tx.later(ctx, head+" "+placeholders(len(part), len(part[0].([]any)))+" "+tail, args...)
	})
}
