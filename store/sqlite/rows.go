package sqlite

import (
	"context"
	"database/sql"
)

// queryList runs a query and turns each row into a T with scan: the loop
// every list in the store would otherwise write out again (rows closed,
// the first error returned, rows.Err checked at the end).
func queryList[T any](ctx context.Context, q querier, scan func(*sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
