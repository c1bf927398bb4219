package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/secure"
	"yichuang/sync/protocol"
)

// chain makes audit records from..to following prev, with action and
// detail given per seq by f.
func chain(prev string, from, to int64, tag string, f func(seq int64) (string, string)) ([]protocol.AuditRecord, []string) {
	var recs []protocol.AuditRecord
	var hashes []string
	for i := from; i <= to; i++ {
		action, detail := "办件操作", ""
		if f != nil {
			action, detail = f(i)
		}
		r := protocol.AuditRecord{Seq: i, ID: fmt.Sprintf("%s%d", tag, i), At: "2026-12-02T09:00:00Z", UserName: "王堃",
			Role: "clerk", Action: action, Object: "341122-20261202-07-0001", Outcome: "成功", Detail: detail}
		prev = secure.ChainHash(prev, r.Fields())
		recs, hashes = append(recs, r), append(hashes, prev)
	}
	return recs, hashes
}

func TestAuditChainContinuesOnlyAfterARestoreRecord(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	old, oldHashes := chain(secure.Genesis, 1, 6, "a", nil)
	if through, err := s.ApplyAudit(ctx, d, protocol.AuditPush{Prev: secure.Genesis, Records: old, Last: oldHashes[5]}); through != 6 || err != nil {
		t.Fatalf("the old chain: %d, %v", through, err)
	}
	// The desk restored a backup that held records 1–4: its chain leaves
	// the platform's at 5.
	restore := func(k int64) func(int64) (string, string) {
		return func(seq int64) (string, string) {
			if seq == 5 {
				return string(hall.AuditRestore), "从备份恢复；" + fmt.Sprintf(hall.AuditResumeMark, k)
			}
			return "办件操作", ""
		}
	}
	for name, tc := range map[string]struct {
		recs func() ([]protocol.AuditRecord, []string)
	}{
		"an edited record, not a restore": {func() ([]protocol.AuditRecord, []string) {
			return chain(oldHashes[3], 5, 7, "b", nil)
		}},
		"a restore record naming another position": {func() ([]protocol.AuditRecord, []string) {
			return chain(oldHashes[3], 5, 7, "b", restore(3))
		}},
		"a restore record after an edited record": {func() ([]protocol.AuditRecord, []string) {
			edited, h := chain(oldHashes[2], 4, 4, "x", nil)
			rest, hs := chain(h[0], 5, 7, "b", restore(4))
			return append(edited, rest...), append(h, hs...)
		}},
	} {
		recs, hs := tc.recs()
		prev := oldHashes[recs[0].Seq-2]
		through, err := s.ApplyAudit(ctx, d, protocol.AuditPush{Prev: prev, Records: recs, Last: hs[len(hs)-1]})
		if through != 6 || hall.ErrorCode(err) != hall.EConflict {
			t.Fatalf("%s: through %d, %v", name, through, err)
		}
	}
	// The true restore: records 3–4 resent (equal), 5 the restore record.
	recs, hs := chain(oldHashes[3], 5, 8, "b", restore(4))
	run := append(append([]protocol.AuditRecord{}, old[2:4]...), recs...)
	through, err := s.ApplyAudit(ctx, d, protocol.AuditPush{Prev: oldHashes[1], Records: run, Last: hs[3]})
	if through != 8 || err != nil {
		t.Fatalf("the restored desk's chain: through %d, %v", through, err)
	}
	var kept int
	var by string
	if err := s.read.QueryRow("SELECT count(*), max(by_restore) FROM audit_superseded WHERE desk_id = ? AND seq IN (5, 6)",
		d.ID).Scan(&kept, &by); err != nil || kept != 2 || by != "b5" {
		t.Fatalf("old tail kept: %d records by %q, %v", kept, by, err)
	}
	// A resend of the new chain is a duplicate; the old tail sent again is
	// now a difference that is no restore.
	if through, err := s.ApplyAudit(ctx, d, protocol.AuditPush{Prev: oldHashes[3], Records: recs, Last: hs[3]}); through != 8 || err != nil {
		t.Fatalf("resend: %d, %v", through, err)
	}
	if through, err := s.ApplyAudit(ctx, d, protocol.AuditPush{Prev: oldHashes[3], Records: old[4:], Last: oldHashes[5]}); through != 8 || err == nil {
		t.Fatalf("the old tail again: %d, %v", through, err)
	}
}

func TestReplacedDeskGetsANewGenerationAndTheOldSecretStops(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	if _, err := s.ApplyBatch(ctx, d, caseOps(t, "c1", "341122-20261123-07-0001", "11010519491231002X")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReplaceDesk(ctx, "341122", "99"); hall.ErrorCode(err) != hall.ENotFound {
		t.Fatalf("an unknown desk: %v", err)
	}
	code, err := s.ReplaceDesk(ctx, "341122", "07")
	if err != nil {
		t.Fatal(err)
	}
	if old, _ := s.Desk(ctx, d.ID); old.Registered {
		t.Fatal("the old secret still works after replace")
	}
	reg, err := s.Register(ctx, code, "new-pc")
	if err != nil {
		t.Fatal(err)
	}
	if reg.DeskID != d.ID || reg.DeskCode != "07" || reg.Generation != 1 || reg.Claim == "" {
		t.Fatalf("registered as %+v", reg)
	}
	d2, _ := s.Desk(ctx, d.ID)
	// The new PC asks with what it was given: it keeps it.
	res, err := s.Recover(ctx, d2, protocol.RecoverRequest{Generation: 1, Claim: reg.Claim})
	if err != nil || res.Generation != 1 || res.Cases != 1 || res.Epoch == "" {
		t.Fatalf("recover: %+v, %v", res, err)
	}
	// Two restores of one backup, both offline, both took generation 2:
	// the first to ask keeps it, the second gets 3.
	if res, _ := s.Recover(ctx, d2, protocol.RecoverRequest{Generation: 2, Claim: "restore-a"}); res.Generation != 2 {
		t.Fatalf("first restore: %+v", res)
	}
	if res, _ := s.Recover(ctx, d2, protocol.RecoverRequest{Generation: 2, Claim: "restore-a"}); res.Generation != 2 {
		t.Fatalf("first restore asking again: %+v", res)
	}
	if res, _ := s.Recover(ctx, d2, protocol.RecoverRequest{Generation: 2, Claim: "restore-b"}); res.Generation != 3 {
		t.Fatalf("second restore of the same backup: %+v", res)
	}
	// A number of a higher generation seen on the platform counts too.
	if _, err := s.ApplyBatch(ctx, d2, caseOps(t, "c2", "341122-20261123-07-E0001", "11010519491231002X")); err != nil {
		t.Fatal(err)
	}
	if res, _ := s.Recover(ctx, d2, protocol.RecoverRequest{Generation: 4, Claim: "restore-c"}); res.Generation != 6 {
		t.Fatalf("after a generation-5 number: %+v", res)
	}
}

func TestOwnCasesListAndFetchOnlyTheDesksOwn(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	code, _ := s.AddDesk(ctx, "341122", "08", "")
	reg, _ := s.Register(ctx, code, "other")
	other, _ := s.Desk(ctx, reg.DeskID)
	for i := 1; i <= 5; i++ {
		if _, err := s.ApplyBatch(ctx, d, caseOps(t, fmt.Sprintf("c%d", i), fmt.Sprintf("341122-20261123-07-%04d", i), "11010519491231002X")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.ApplyBatch(ctx, other, caseOps(t, "x1", "341122-20261123-08-0001", "11010519491231002X")); err != nil {
		t.Fatal(err)
	}
	var got []protocol.OwnCaseRef
	req := protocol.OwnCasesRequest{Limit: 2}
	for pages := 0; ; pages++ {
		res, err := s.OwnCases(ctx, d, req)
		if err != nil || pages > 3 {
			t.Fatalf("page %d: %v", pages, err)
		}
		got = append(got, res.Cases...)
		if !res.More {
			break
		}
		req.After = res.Next
	}
	if len(got) != 5 || got[0].No != "341122-20261123-07-0001" || got[4].Events != 2 {
		t.Fatalf("listed %+v", got)
	}
	full, err := s.FetchOwnCases(ctx, d, []string{"c2", "x1", "nope"})
	if err != nil || len(full.Cases) != 1 || len(full.Cases[0].Events) != 2 || !strings.Contains(string(full.Cases[0].Case), "07-0002") {
		t.Fatalf("fetched %+v, %v", full, err)
	}
	if _, err := s.FetchOwnCases(ctx, d, make([]string, protocol.MaxOwnCasesFetch+1)); err == nil {
		t.Fatal("an oversized fetch was answered")
	}
}

func TestRestoredPlatformHasANewEpoch(t *testing.T) {
	ctx := context.Background()
	s, d := openTest(t)
	before, err := s.Epoch(ctx)
	if err != nil || before == "" {
		t.Fatalf("epoch %q, %v", before, err)
	}
	if err := s.PublishUser(ctx, hall.PlatformUser{ID: "u1", Name: "用户", Hall: "341122", Role: "clerk", Active: true}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)
	after, err := s.MarkRestored(ctx, at)
	if err != nil || after == before {
		t.Fatalf("epoch after restore %q (before %q), %v", after, before, err)
	}
	res, err := s.Recover(ctx, d, protocol.RecoverRequest{})
	if err != nil || res.Epoch != after || !res.BackupAt.Equal(at) || res.ChangesThrough < 1 || res.Generation != 0 {
		t.Fatalf("recover after restore: %+v, %v", res, err)
	}
}
