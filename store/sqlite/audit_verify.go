package sqlite

import (
	"context"
	"fmt"
	"strings"

	"yichuang/hall"
	"yichuang/secure"
)

// verifyAudit checks the audit log's chain, record by record, and names the
// first record where it does not hold: edited, missing (deleted), moved,
// or recomputed without the desk's key. It also checks that the triggers
// that keep the log append-only are in place, and that records the
// platform already confirmed are still here.
func (db *DB) verifyAudit(ctx context.Context) []Check {
	const name = "审计日志哈希链"
	fail := func(format string, a ...any) []Check { return []Check{{name, false, fmt.Sprintf(format, a...)}} }
	var out []Check
	desk, derr := db.existingDeskSecret(ctx)
	out = append(out, Check{"本机密钥文件", derr == nil, hall.ErrorMessage(derr)})
	var key []byte
	if desk != nil {
		key = secure.AuditKey(desk)
	}
	var triggers int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'
		AND name IN ('audit_log_no_update', 'audit_log_no_delete')`).Scan(&triggers); err != nil {
		return append(out, fail("无法读取：%v", err)...)
	}
	rows, err := db.read.QueryContext(ctx, "SELECT "+auditCols+", mac FROM audit_log ORDER BY seq")
	if err != nil {
		return append(out, fail("无法读取：%v", err)...)
	}
	defer rows.Close()
	c := secure.NewChecker(key)
	var n, last int64
	var restores []string
	for rows.Next() {
		e, mac, err := scanAudit(rows)
		if err != nil {
			return append(out, fail("第 %d 条之后的记录无法读取：%v", last, err)...)
		}
		n, last = n+1, e.Seq
		if b := c.Next(secure.ChainRecord{Seq: e.Seq, Fields: auditFields(e), Prev: e.Prev, Hash: e.Hash, MAC: mac}); b != nil {
			return append(out, fail("%s", db.describeBreak(ctx, b, e))...)
		}
		// A restore continues the chain after the backup's last record
		// and says which (docs/adr/0016): that position must be exactly
		// the record before it.
		if k, ok := hall.ResumePosition(e.Detail); ok && e.Action == hall.AuditRestore {
			if k != e.Seq-1 {
				return append(out, fail("第 %d 条恢复记录称审计日志续接第 %d 条，但它排在第 %d 条之后", e.Seq, k, e.Seq-1)...)
			}
			restores = append(restores, fmt.Sprintf("第 %d 条续接第 %d 条", e.Seq, k))
		}
	}
	if err := rows.Err(); err != nil {
		return append(out, fail("读取中断：%v", err)...)
	}
	var pushed int64
	_ = db.read.QueryRowContext(ctx, "SELECT seq FROM audit_pushed WHERE id = 1").Scan(&pushed)
	switch {
	case pushed > last:
		missing := fmt.Sprintf("第 %d 至 %d 条", last+1, pushed)
		if pushed == last+1 {
			missing = fmt.Sprintf("第 %d 条", pushed)
		}
		return append(out, fail("%s记录缺失（平台已确认收到至第 %d 条，被删除的是日志末尾）", missing, pushed)...)
	case triggers != 2:
		return append(out, fail("防篡改触发器被删除（审计日志应只能追加）")...)
	}
	detail := fmt.Sprintf("共 %d 条记录", n)
	if len(restores) > 0 {
		detail += fmt.Sprintf("，其中 %d 次从备份恢复（%s）", len(restores), strings.Join(restores, "；"))
	}
	if key == nil && n > 0 {
		return append(out, Check{name, false, detail + "，哈希链连续，但缺少本机密钥文件，无法校验签名"})
	}
	return append(out, Check{name, true, detail})
}

// describeBreak names the first bad record and what happened to it.
func (db *DB) describeBreak(ctx context.Context, b *secure.Break, e hall.AuditEntry) string {
	row := fmt.Sprintf("第 %d 条记录（%s %s %s）", b.Seq, e.At.Local().Format("2006-01-02 15:04:05"), e.UserName, e.Action)
	switch b.Kind {
	case secure.Edited:
		return row + "：内容被修改（哈希不符）"
	case secure.Missing:
		if b.Gap == 1 {
			return fmt.Sprintf("%s之前缺少第 %d 条记录（被删除）", row, b.Seq-1)
		}
		return fmt.Sprintf("%s之前缺少第 %d 至 %d 条记录（被删除）", row, b.Seq-b.Gap, b.Seq-1)
	case secure.Resigned:
		return row + "：签名不符（记录被改动后重新计算了哈希）"
	}
	var at int64
	if err := db.read.QueryRowContext(ctx, "SELECT seq FROM audit_log WHERE hash = ?", e.Prev).Scan(&at); err == nil {
		return fmt.Sprintf("%s：顺序被调换（它原本应排在第 %d 条之后）", row, at)
	}
	return row + "：与前一条记录接不上（前面的记录被删除后重新编号，或被替换）"
}
