package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"yichuang/seed"
	"yichuang/sync/protocol"
)

// benchRecords pushes o.records cases (o.scans of them with a scan) and
// measures the records on their own (until the outbox is empty) and the
// whole run.
func benchRecords(ctx context.Context, o options) error {
	r, err := newRig(ctx, o, "81")
	if err != nil {
		return err
	}
	defer r.close()
	every := 0
	if o.scans > 0 {
		every = max(1, o.records/o.scans)
	}
	seeded, err := seed.Cases(ctx, r.desk, seed.Options{Cases: o.records, ScansEvery: every, ScanKB: o.scanKB, Seed: 7})
	if err != nil {
		return err
	}
	raw, packed, nops, err := recordPayload(ctx, r)
	if err != nil {
		return err
	}
	scanBytes, err := scanPayload(ctx, r)
	if err != nil {
		return err
	}
	audits, auditPacked, err := auditPayload(ctx, r)
	if err != nil {
		return err
	}
	rate := float64(o.bitsPerSecond) / 8
	fmt.Printf("\n%d cases: %d records, %d B of JSON (%.0f B a record), %d B compressed (gzip -9, one stream); %d scans, %d B; %d audit records, %d B compressed\n",
		seeded.Cases, nops, raw, float64(raw)/float64(nops), packed, seeded.Scans, scanBytes, audits, auditPacked)
	if err := r.connect(ctx, o); err != nil {
		return err
	}
	start := time.Now()
	recordsDone := make(chan time.Duration, 1)
	var recUp, recDown int64
	var recReq int64
	go func() { // the moment the outbox is empty: the records are all on the platform
		for range time.Tick(50 * time.Millisecond) {
			if c, err := r.desk.DB.Sync().SyncCounts(ctx); err == nil && c.Pending == 0 {
				recUp, recDown = r.link.Bytes()
				recReq = r.sync.Client.Requests()
				recordsDone <- time.Since(start)
				return
			}
		}
	}()
	if err := r.syncAll(ctx); err != nil {
		return err
	}
	wall := time.Since(start)
	rec := <-recordsDone
	up, down := r.link.Bytes()
	floorRec := float64(packed) / rate
	all := packed + scanBytes + auditPacked
	floorAll := float64(all) / rate
	fmt.Printf("records: on the platform after %.1f s; floor %.1f s → %.2f× the floor; %d B up (%.2f× the compressed payload), %d B down, %d HTTP requests\n",
		rec.Seconds(), floorRec, rec.Seconds()/floorRec, recUp, float64(recUp)/float64(packed), recDown, recReq)
	fmt.Printf("whole run (records, audit log, pull, scans): %.1f s; floor %.1f s → %.2f× the floor; %d B up (%.3f× payload), %d B down, %d HTTP requests\n",
		wall.Seconds(), floorAll, wall.Seconds()/floorAll, up, float64(up)/float64(all), down, r.sync.Client.Requests())
	st, err := r.st.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("platform: %d cases (%d complete), %d ops applied, %d seen twice, %d files, %d partial uploads\n",
		st.Cases, st.CasesComplete, st.OpsApplied, st.OpsDuplicate, st.Files, st.UploadsOpen)
	return nil
}

// recordPayload is every pending operation as one push body: its JSON
// size and its size gzipped at the best level in one stream, the least
// any batching could send.
func recordPayload(ctx context.Context, r *rig) (raw, packed int64, n int, err error) {
	ops, err := r.desk.DB.Sync().NextOps(ctx, 1<<20, 1<<40)
	if err != nil {
		return 0, 0, 0, err
	}
	req := protocol.PushRequest{}
	for _, op := range ops {
		req.Ops = append(req.Ops, protocol.Op{ID: op.ID, Kind: op.Kind, CaseID: op.CaseID, Body: op.Body})
	}
	b, err := json.Marshal(req)
	if err != nil {
		return 0, 0, 0, err
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return int64(len(b)), int64(buf.Len()), len(ops), nil
}

// scanPayload is the size of every scan the cases refer to.
func scanPayload(ctx context.Context, r *rig) (int64, error) {
	var total int64
	nos, err := r.desk.DB.Sync().CaseNumbers(ctx)
	if err != nil {
		return 0, err
	}
	seen := map[string]bool{}
	for _, no := range nos {
		doc, _, err := r.desk.DB.Sync().LocalCase(ctx, no)
		if err != nil {
			return 0, err
		}
		var c struct {
			Materials []struct{ Files []string } `json:"materials"`
		}
		json.Unmarshal(doc, &c)
		for _, m := range c.Materials {
			for _, f := range m.Files {
				if !seen[f] {
					seen[f] = true
					a, err := r.desk.DB.Attachments(r.desk.Dir.Files()).Attachment(ctx, f)
					if err != nil {
						return 0, err
					}
					total += a.Size
				}
			}
		}
	}
	return total, nil
}

// auditPayload is the desk's audit log as one push, gzipped at the best
// level.
func auditPayload(ctx context.Context, r *rig) (int, int64, error) {
	entries, err := r.desk.DB.Sync().NextAudit(ctx, 1<<20)
	if err != nil || len(entries) == 0 {
		return 0, 0, err
	}
	req := protocol.AuditPush{Prev: entries[0].Prev, Last: entries[len(entries)-1].Hash}
	for _, a := range entries {
		req.Records = append(req.Records, protocol.AuditRecord{Seq: a.Seq, ID: a.ID, At: a.At.UTC().Format(time.RFC3339Nano),
			UserID: a.UserID, UserName: a.UserName, Role: string(a.Role), Action: string(a.Action),
			Object: a.Object, Outcome: a.Outcome, Detail: a.Detail})
	}
	b, err := json.Marshal(req)
	if err != nil {
		return 0, 0, err
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return len(entries), int64(buf.Len()), nil
}
