package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"yichuang/seed"
)

// benchBig sends one large scan over the link while it drops every
// o.dropEvery, and counts the bytes that went up against the file's size.
func benchBig(ctx context.Context, o options) error {
	r, err := newRig(ctx, o, "82")
	if err != nil {
		return err
	}
	defer r.close()
	if _, err := seed.Cases(ctx, r.desk, seed.Options{Cases: 1, ScansEvery: 1, ScanKB: o.bigKB, Seed: 9}); err != nil {
		return err
	}
	size, err := scanPayload(ctx, r)
	if err != nil {
		return err
	}
	if err := r.connect(ctx, o); err != nil {
		return err
	}
	var drops atomic.Int32
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(o.dropEvery)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				drops.Add(1)
				r.link.SetDown(true)
				time.Sleep(o.dropFor)
				r.link.SetDown(false)
			}
		}
	}()
	start := time.Now()
	err = r.syncAll(ctx)
	close(stop)
	if err != nil {
		return err
	}
	wall := time.Since(start)
	up, down := r.link.Bytes()
	rate := float64(o.bitsPerSecond) / 8
	fmt.Printf("\nbig scan: %d B over a link that drops every %s (down %s each time): done in %.1f s (floor %.1f s) through %d drops; %d B up = %.3f× the file, %d B down, %d HTTP requests\n",
		size, o.dropEvery, o.dropFor, wall.Seconds(), float64(size)/rate, drops.Load(), up, float64(up)/float64(size), down, r.sync.Client.Requests())
	st, err := r.st.Stats(ctx)
	if err == nil {
		fmt.Printf("platform: %d files whole, %d partial uploads, %d cases complete of %d\n", st.Files, st.UploadsOpen, st.CasesComplete, st.Cases)
	}
	return err
}
