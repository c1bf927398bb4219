package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"yichuang/hall"
	"yichuang/secure"
	"yichuang/sync/protocol"
)

// ApplyAudit keeps a run of a desk's audit records after checking their
// chain: from the hash before the run, each record's hash is SM3 over the
// previous hash and its fields, and the last must be the desk's. Where the
// run overlaps what the platform holds (a resend), the recomputed hashes
// must meet the stored one. A run that does not fit is refused whole; the
// answer says how far the platform holds the log.
func (s *Store) ApplyAudit(ctx context.Context, desk Desk, p protocol.AuditPush) (int64, error) {
	var through int64
	var broken error
	err := s.update(ctx, func(tx *txn, now time.Time) error {
		last, _, err := auditTail(ctx, tx, desk.ID)
		if err != nil {
			return err
		}
		through = last
		if len(p.Records) == 0 {
			return nil
		}
		first := p.Records[0].Seq
		switch {
		case first == 1 && p.Prev != secure.Genesis:
			broken = hall.Errorf(hall.EConflict, "第 1 条审计记录不是从链条起点开始：审计日志可能被改动")
			return nil
		case last > 0 && first > last+1:
			broken = hall.Errorf(hall.EConflict, "审计记录缺少第 %d 至 %d 条", last+1, first-1)
			return nil
		}
		held, err := heldHashes(ctx, tx, desk.ID, first-1, last)
		if err != nil {
			return err
		}
		hashes := make([]string, len(p.Records))
		h := p.Prev
		fork := int64(0) // where a restored desk's chain leaves the one held (docs/adr/0016)
		for i, r := range p.Records {
			if i > 0 && r.Seq != p.Records[i-1].Seq+1 {
				broken = hall.Errorf(hall.EConflict, "审计记录第 %d 条之后不连续", p.Records[i-1].Seq)
				return nil
			}
			prev := h
			h = secure.ChainHash(h, r.Fields())
			hashes[i] = h
			if fork > 0 || r.Seq > last || h == held[r.Seq] {
				continue
			}
			if !resumesAfterRestore(r, prev, held) {
				broken = hall.Errorf(hall.EConflict, "第 %d 条及以前的审计记录与平台已收到的不符：审计日志可能被改动", r.Seq)
				return nil
			}
			fork = r.Seq
		}
		if h != p.Last {
			broken = hall.Errorf(hall.EConflict, "第 %d 至 %d 条审计记录与其哈希不符：审计日志可能被改动",
				first, p.Records[len(p.Records)-1].Seq)
			return nil
		}
		if fork > 0 {
			if err := supersede(ctx, tx, desk.ID, fork, p.Records[fork-first].ID, now); err != nil {
				return err
			}
			last, through = fork-1, fork-1
		}
		for i, r := range p.Records {
			if r.Seq <= last {
				continue
			}
			raw, _ := json.Marshal(r)
			doc, err := s.sealDoc(raw)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO audit_records (desk_id, seq, id, hash, doc, received_at)
				VALUES (?, ?, ?, ?, ?, ?)`, desk.ID, r.Seq, r.ID, hashes[i], doc, stamp(now)); err != nil {
				return err
			}
			through = r.Seq
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return through, broken
}

func auditTail(ctx context.Context, tx *txn, deskID string) (int64, string, error) {
	var seq int64
	var hash string
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_records WHERE desk_id = ? ORDER BY seq DESC LIMIT 1`,
		deskID).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return seq, hash, err
}
