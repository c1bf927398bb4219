package sqlite

import (
	"context"
	"fmt"
	"strings"
)

// Check is the outcome of one integrity check.
type Check struct {
	Name   string // Chinese, for the admin
	OK     bool
	Detail string
}

// Verify checks the database file, its foreign keys and that every case
// event made at this desk has its outbox entry (and no entry lost its case).
func (db *DB) Verify(ctx context.Context) ([]Check, error) {
	var out []Check
	var msgs []string
	rows, err := db.read.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, db.classify(err)
	}
	for rows.Next() {
		var m string
		rows.Scan(&m)
		msgs = append(msgs, m)
	}
	rows.Close()
	ok := len(msgs) == 1 && msgs[0] == "ok"
	out = append(out, Check{"数据库文件完整性", ok, strings.Join(msgs, "；")})

	var fk int
	if err := db.read.QueryRowContext(ctx, "SELECT count(*) FROM pragma_foreign_key_check").Scan(&fk); err != nil {
		return nil, db.classify(err)
	}
	out = append(out, Check{"外键一致性", fk == 0, fmt.Sprintf("%d 处引用失效", fk)})

	var missing, orphan int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM case_events e WHERE e.origin = 'desk'
		AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.op_id = e.id)`).Scan(&missing); err != nil {
		return nil, db.classify(err)
	}
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM outbox o WHERE o.kind = 'case.event'
		AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.id = o.op_id)`).Scan(&orphan); err != nil {
		return nil, db.classify(err)
	}
	out = append(out, Check{"待同步队列一致性", missing == 0 && orphan == 0,
		fmt.Sprintf("%d 个本窗口事件没有同步记录，%d 条同步记录找不到事件", missing, orphan)})
	out = append(out, db.verifyAudit(ctx)...) // desk secret and audit chain (audit.go)
	return out, nil
}
