// Command yichuang-bench measures sync over a township link: a real desk
// and the real platform on loopback, joined by a simulated link with one
// bandwidth limit shared by every connection and a latency each way. It
// prints wall time, bytes on the wire each way, HTTP requests and the
// ratio to the link's floor (payload after compression ÷ bandwidth).
//
//	yichuang-bench                 # 1,000 cases (~2 KB) + 20 scans of 300 KB at 64 kbit/s, 300 ms;
//	                               # then a 3 MB scan over the same link dropping every 60 s
//	yichuang-bench --only records  # records | big | recover (a replaced PC brings its cases back)
//	yichuang-bench --only supervise --bandwidth 1000000 --latency 50ms   # the county's supervision feed
//	yichuang-bench link --target 127.0.0.1:8700 [--bandwidth 64000 --latency 300ms --drop-every 60s]
//	yichuang-bench platform-load --desks N [--duration 60s] [--db postgres://… --pg-data DIR]
//	                               # N desks on the real desk client push and pull against a platform
//	                               # process: ops/s, push latency, CPU, database size (docs/platform-load.md)
//
// It also holds what makes or loads a desk for tests and demos, which the
// clerk's binary must not carry (tools.go):
//
//	yichuang-bench seed --data NEW_DIR --cases N [--scans-every K] [--scan-kb KB] [--seed S]
//	yichuang-bench catalog generate --items N FILE.json
//	yichuang-bench catalog bench [--items N] [--queries N] [--keep DIR] [--cpuprofile F]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"
)

type options struct {
	records, scans, scanKB int
	bigKB                  int
	bitsPerSecond          int64
	latency                time.Duration
	dropEvery, dropFor     time.Duration
	only                   string
	cases                  int
}

func main() {
	if len(os.Args) > 1 {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		code, ran := runTool(ctx, Env{Stdout: os.Stdout, Stderr: os.Stderr}, os.Args[1:])
		stop()
		if ran {
			os.Exit(code)
		}
	}
	if len(os.Args) > 1 && os.Args[1] == "link" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		if err := runLink(ctx, os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "link:", err)
			os.Exit(1)
		}
		return
	}
	var o options
	flag.IntVar(&o.records, "records", 1000, "cases (about 2 KB each, two records per case)")
	flag.IntVar(&o.scans, "scans", 20, "how many of the cases carry a scan")
	flag.IntVar(&o.scanKB, "scan-kb", 300, "size of each scan")
	flag.IntVar(&o.bigKB, "big-kb", 3000, "size of the scan sent over the dropping link")
	flag.Int64Var(&o.bitsPerSecond, "bandwidth", 64000, "bits per second each way, shared by all connections")
	flag.DurationVar(&o.latency, "latency", 300*time.Millisecond, "latency each way")
	flag.DurationVar(&o.dropEvery, "drop-every", 60*time.Second, "the big scan's link drops this often")
	flag.DurationVar(&o.dropFor, "drop-for", 3*time.Second, "and stays down this long")
	flag.StringVar(&o.only, "only", "", "records | big | recover | supervise (default: records and big)")
	flag.IntVar(&o.cases, "cases", 100000, "supervise: open cases on the platform")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	fmt.Printf("link: %d bit/s each way (shared by all connections), %s latency each way\n",
		o.bitsPerSecond, o.latency)
	if o.only == "" || o.only == "records" {
		if err := benchRecords(ctx, o); err != nil {
			fmt.Fprintln(os.Stderr, "bench records:", err)
			os.Exit(1)
		}
	}
	if o.only == "supervise" {
		if err := benchSupervise(ctx, o); err != nil {
			fmt.Fprintln(os.Stderr, "bench supervise:", err)
			os.Exit(1)
		}
		return
	}
	if o.only == "recover" {
		if err := benchRecover(ctx, o); err != nil {
			fmt.Fprintln(os.Stderr, "bench recover:", err)
			os.Exit(1)
		}
	}
	if o.only == "" || o.only == "big" {
		if err := benchBig(ctx, o); err != nil {
			fmt.Fprintln(os.Stderr, "bench big:", err)
			os.Exit(1)
		}
	}
}
