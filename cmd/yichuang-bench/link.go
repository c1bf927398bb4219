package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"yichuang/sync/linksim"
)

// runLink serves a simulated link in front of a platform until ctx ends,
// for trying a desk by hand: yichuang sync --once --platform http://LISTEN.
func runLink(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("link", flag.ContinueOnError)
	target := fs.String("target", "127.0.0.1:8700", "the platform's address")
	bw := fs.Int64("bandwidth", 64000, "bits per second each way, shared")
	lat := fs.Duration("latency", 300*time.Millisecond, "latency each way")
	every := fs.Duration("drop-every", 0, "drop every connection this often (0: never)")
	downFor := fs.Duration("drop-for", 3*time.Second, "and stay down this long")
	if err := fs.Parse(args); err != nil {
		return err
	}
	l, err := linksim.Start(linksim.Config{Target: *target, Bandwidth: *bw / 8, Latency: *lat})
	if err != nil {
		return err
	}
	defer l.Close()
	if *every > 0 {
		defer l.DropEvery(*every, *downFor)()
	}
	fmt.Printf("link %s → %s: %d bit/s each way, %s each way; use --platform %s\n", l.Addr(), *target, *bw, *lat, l.URL())
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	var lastUp, lastDown int64
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			up, down := l.Bytes()
			if up != lastUp || down != lastDown {
				fmt.Printf("%s  %d B up, %d B down, %d connections\n", time.Now().Format("15:04:05"), up, down, l.Connections())
			}
			lastUp, lastDown = up, down
		}
	}
}
