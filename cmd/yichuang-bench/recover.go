package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"yichuang/commands"
	"yichuang/desk"
	"yichuang/seed"
	"yichuang/sync/protocol"
)

// benchRecover measures a desk's recovery (docs/adr/0016): o.records cases
// synced from one PC, the PC replaced, and the new PC's first sync
// bringing every case back over the link. The floor is every case's full
// answer gzipped at the best level in one stream.
func benchRecover(ctx context.Context, o options) error {
	r, err := newRig(ctx, o, "83")
	if err != nil {
		return err
	}
	defer r.close()
	if _, err := seed.Cases(ctx, r.desk, seed.Options{Cases: o.records, Seed: 11}); err != nil {
		return err
	}
	direct, err := r.desk.NewSync(ctx, desk.SyncOptions{PlatformURL: "http://" + r.srv.Addr()})
	if err != nil {
		return err
	}
	if err := direct.Engine.RunOnce(ctx, 3); err != nil {
		direct.Close()
		return err
	}
	direct.Close()
	payload, err := recoverPayload(ctx, r)
	if err != nil {
		return err
	}
	code, err := r.st.ReplaceDesk(ctx, "341122", "83")
	if err != nil {
		return err
	}
	r.desk.Close()
	deskDir := filepath.Join(r.dir, "new-pc")
	if rc := commands.Run(ctx, commands.Env{Stdout: io.Discard, Stderr: os.Stderr},
		[]string{"register", "--data", deskDir, "--platform", "http://" + r.srv.Addr(), "--code", code}); rc != 0 {
		return fmt.Errorf("register the new PC: exit %d", rc)
	}
	if r.desk, err = desk.Open(ctx, deskDir, nil); err != nil {
		return err
	}
	if err := r.connect(ctx, o); err != nil {
		return err
	}
	start := time.Now()
	if err := r.syncAll(ctx); err != nil {
		return err
	}
	wall := time.Since(start)
	nos, err := r.desk.DB.Sync().CaseNumbers(ctx)
	if err != nil {
		return err
	}
	up, down := r.link.Bytes()
	floor := float64(payload) / (float64(o.bitsPerSecond) / 8)
	fmt.Printf("\nrecovery of a replaced PC: %d cases back in %.1f s; floor %.1f s (%d B: every case and its events, gzip -9 in one stream) → %.2f× the floor; %d B down (%.2f× that payload), %d B up, %d HTTP requests\n",
		len(nos), wall.Seconds(), floor, payload, wall.Seconds()/floor, down, float64(down)/float64(payload), up, r.sync.Client.Requests())
	if len(nos) != o.records {
		return fmt.Errorf("the new PC holds %d cases of %d", len(nos), o.records)
	}
	return nil
}

// recoverPayload is what a recovery must bring down at the least: every
// case of the desk in full, as one answer, compressed in one stream.
func recoverPayload(ctx context.Context, r *rig) (int64, error) {
	nos, err := r.desk.DB.Sync().CaseNumbers(ctx)
	if err != nil {
		return 0, err
	}
	var all protocol.OwnCasesFetched
	for _, no := range nos {
		v, err := r.st.Case(ctx, no)
		if err != nil {
			return 0, err
		}
		all.Cases = append(all.Cases, protocol.OwnCase{Case: v.Case, Events: v.Events})
	}
	b, err := json.Marshal(all)
	if err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return int64(buf.Len()), nil
}
