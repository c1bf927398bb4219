package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"yichuang/assets"
	"yichuang/catalog/catalogio"
	"yichuang/commands"
	"yichuang/cputime"
	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/platform/store"
	"yichuang/sync/protocol"
	"yichuang/sync/transport"
)

const loadUsage = "platform-load [--desks N] [--duration 60s] [--grace 3m] [--ops-per-minute 20] [--batch 20] [--speed 1] " +
	"[--db postgres://…] [--pg-data DIR] [--platform BIN] [--platform-flags \"--max-pushes 8 …\"] [--cpuprofile F] [--dir DIR] [--verify]"

// loadConfig is one run of the platform load bench.
type loadConfig struct {
	Desks        int
	Duration     time.Duration
	Grace        time.Duration // how long past Duration the desks wait for answers before the run is cut
	OpsPerMinute float64       // per desk, at speed 1
	Batch        int           // operations a push carries
	Speed        float64       // time compression: every desk pushes Speed times as often
	DB           string        // --db handed to the platform; empty: its SQLite file
	PGData       string        // the PostgreSQL cluster's data directory, to read its CPU
	Platform     string        // the yichuang-platform binary
	ServeFlags   string        // more flags for its serve command (its admission bounds)
	CPUProfile   string
	DeskProfile  string
	Dir          string // the platform's data directory lives here (default: a temporary one, removed)
	Verify       bool   // read every case back and check each operation arrived once
}

// loadReport is what a run measured.
type loadReport struct {
	Config                                 loadConfig
	Store                                  string
	Window                                 time.Duration
	Offered                                float64 // operations a second the desks' schedule asks for
	Pushes, PushFailures, Pulls, PullFails int
	PushShed, PullShed                     int // attempts answered busy (503)
	Sent, Applied, Duplicate, Refused      int
	Unanswered                             int // batches without an answer when the run was cut
	Cases, Pulled                          int
	OpsPerSec                              float64 // operations settled (applied, or answered duplicate to a resend) a second
	PushP50, PushP99, PushMax              time.Duration
	ServedP50, ServedP99                   time.Duration // the answered attempt alone, from its sending
	PullP50, PullP99                       time.Duration
	PlatformCPU, DatabaseCPU, DesksCPU     time.Duration
	MachineBusy                            float64 // share of all cores busy during the window, anyone's
	DBBytes                                int64
	Stats                                  protocol.Stats
	StatsError                             string // the platform's counts could not be read
	Verified                               int    // cases read back and checked
	Profile                                string
	LastError                              string
}

func runPlatformLoad(ctx context.Context, env Env, args []string) error {
	fs, _ := flags(env, "platform-load")
	var c loadConfig
	fs.IntVar(&c.Desks, "desks", 100, "模拟窗口数")
	fs.DurationVar(&c.Duration, "duration", 60*time.Second, "压测时长")
	fs.DurationVar(&c.Grace, "grace", 3*time.Minute, "时长结束后最多再等待答复多久（过载时截止）")
	fs.Float64Var(&c.OpsPerMinute, "ops-per-minute", 20, "每个窗口每分钟的操作数（速度 1 时）")
	fs.IntVar(&c.Batch, "batch", 20, "每次推送的操作数")
	fs.Float64Var(&c.Speed, "speed", 1, "时间压缩倍数：每个窗口以此倍数加快推送")
	fs.StringVar(&c.DB, "db", "", "平台数据库（postgres://…；默认为数据目录中的 SQLite）")
	fs.StringVar(&c.PGData, "pg-data", "", "PostgreSQL 集群的数据目录（读取其 CPU 用）")
	fs.StringVar(&c.Platform, "platform", "", "yichuang-platform 可执行文件（默认：本程序旁的，或现场编译）")
	fs.StringVar(&c.ServeFlags, "platform-flags", "", "平台 serve 命令的其他参数（如 --max-pushes 4 --busy-wait 3s）")
	fs.StringVar(&c.CPUProfile, "cpuprofile", "", "平台的 CPU 性能剖析写入此文件")
	fs.StringVar(&c.DeskProfile, "desks-cpuprofile", "", "模拟窗口（本进程）压测期间的 CPU 性能剖析写入此文件")
	fs.StringVar(&c.Dir, "dir", "", "平台数据目录放在此处并保留（默认临时目录，结束后删除）")
	fs.BoolVar(&c.Verify, "verify", false, "结束后逐件读回办件，核对每个操作恰好到达一次")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case c.Desks < 1:
		return commands.UsageError{Msg: "--desks 至少为 1"}
	case c.Batch < 1 || c.Batch > 1000:
		return commands.UsageError{Msg: "--batch 应在 1 到 1000 之间"}
	case c.OpsPerMinute <= 0 || c.Speed <= 0 || c.Duration <= 0 || c.Grace < 0:
		return commands.UsageError{Msg: "--ops-per-minute、--speed 和 --duration 须大于 0"}
	}
	r, err := platformLoad(ctx, c, env.Stderr)
	if err != nil {
		return err
	}
	r.print(env.Stdout)
	if r.StatsError != "" {
		return hall.Errorf(hall.ETransient, "无法读取平台的计数，未能核对每个操作恰好应用一次：%s", r.StatsError)
	}
	if r.Refused > 0 || (r.Unanswered == 0 && (r.Stats.OpsApplied != r.Sent || r.Stats.Events != r.Sent)) ||
		r.Stats.OpsApplied > r.Sent || r.Stats.Events > r.Sent {
		return hall.Errorf(hall.EInternal, "平台拒绝了 %d 个操作，或计数不符（窗口发出 %d 个，平台应用 %d 个、记录事件 %d 个）：%s",
			r.Refused, r.Sent, r.Stats.OpsApplied, r.Stats.Events, r.LastError)
	}
	return nil
}

// interval is how often each desk pushes a batch.
func (c loadConfig) interval() time.Duration {
	return time.Duration(float64(c.Batch) / (c.OpsPerMinute * c.Speed) * float64(time.Minute))
}

// platformLoad enrols the desks in a new platform database, runs the
// platform as a process of its own, lets the desks push and pull for the
// duration, and measures.
func platformLoad(ctx context.Context, c loadConfig, progress io.Writer) (*loadReport, error) {
	rep := &loadReport{Config: c, Store: "SQLite"}
	if c.DB != "" {
		rep.Store = "PostgreSQL"
	}
	base := c.Dir
	if base == "" {
		tmp, err := os.MkdirTemp("", "yichuang-platform-load-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		base = tmp
	}
	data := filepath.Join(base, "platform")
	bin, err := platformBinary(ctx, c.Platform, base)
	if err != nil {
		return nil, err
	}
	items := catalogio.Synthetic(300, 7)
	t0 := time.Now()
	creds, err := enrolDesks(ctx, c, data, items)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "%d desks enrolled and registered in %s\n", len(creds), time.Since(t0).Round(time.Millisecond))

	args := []string{"--data", data}
	if c.DB != "" {
		args = append(args, "--db", c.DB)
	}
	args = append(args, strings.Fields(c.ServeFlags)...)
	if c.CPUProfile != "" {
		args = append(args, "--cpuprofile", c.CPUProfile)
		rep.Profile = c.CPUProfile
	}
	p, err := startPlatform(ctx, bin, args, filepath.Join(base, "platform.log"))
	if err != nil {
		return nil, err
	}
	stopped := false
	defer func() {
		if !stopped {
			p.kill()
		}
	}()
	tables, err := calendar.ParseTables(assets.Holidays)
	if err != nil {
		return nil, err
	}
	cal := calendar.New(tables)
	desks := make([]*loadDesk, len(creds))
	for i, cr := range creds {
		cl, err := transport.New(transport.Options{BaseURL: "http://" + p.addr, DeskID: cr.DeskID, Secret: cr.secret})
		if err != nil {
			return nil, err
		}
		defer cl.Close()
		desks[i] = &loadDesk{id: cr.DeskID, hallCode: cr.HallCode, deskCode: cr.DeskCode, client: cl, items: items, cal: cal,
			r: rand.New(rand.NewPCG(uint64(i), 0x6c6f6164)), cursors: map[string]string{}, opsByCase: map[string][]string{}}
	}
	// The desks were in step with the platform before the peak: one pulls
	// the catalog, every desk starts from its cursors.
	first := desks[0]
	for {
		resp, err := first.client.Pull(ctx, protocol.PullRequest{Cursors: first.cursors, Limit: 500})
		if err != nil {
			return nil, fmt.Errorf("first pull: %w", err)
		}
		for s, cur := range resp.Cursors {
			first.cursors[s] = cur
		}
		if !resp.More {
			break
		}
	}
	for _, d := range desks[1:] {
		d.cursors = maps.Clone(first.cursors)
	}

	interval := c.interval()
	rep.Offered = float64(c.Desks) * c.OpsPerMinute * c.Speed / 60
	fmt.Fprintf(progress, "platform on %s; %d desks push %d operations every %s (%.0f ops/s offered) for %s …\n",
		p.addr, c.Desks, c.Batch, interval.Round(time.Millisecond), rep.Offered, c.Duration)
	var dbRoot int
	if c.PGData != "" {
		if dbRoot, err = postmasterPID(c.PGData); err != nil {
			return nil, fmt.Errorf("--pg-data: %w", err)
		}
	}
	pcpu0, err := procCPU(p.cmd.Process.Pid, false)
	if err != nil {
		return nil, err
	}
	var dcpu0 time.Duration
	if dbRoot != 0 {
		if dcpu0, err = treeCPU(dbRoot); err != nil {
			return nil, err
		}
	}
	if c.DeskProfile != "" {
		f, err := os.Create(c.DeskProfile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
		defer pprof.StopCPUProfile()
	}
	self0 := cputime.Used()
	busy0, total0 := machineCPU()
	start := time.Now()
	stop := start.Add(c.Duration)
	// Past the knee a desk may wait for ever; the run is cut after the grace.
	runCtx, cut := context.WithDeadline(ctx, stop.Add(c.Grace))
	defer cut()
	var wg sync.WaitGroup
	for _, d := range desks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.run(runCtx, start, stop, interval, c.Batch)
		}()
	}
	wg.Wait()
	// The window is the schedule's, or longer when the last rounds ran past it.
	rep.Window = max(c.Duration, time.Since(start))
	pcpu1, err := procCPU(p.cmd.Process.Pid, false)
	if err != nil {
		return nil, err
	}
	rep.PlatformCPU = pcpu1 - pcpu0
	if dbRoot != 0 {
		dcpu1, err := treeCPU(dbRoot)
		if err != nil {
			return nil, err
		}
		rep.DatabaseCPU = dcpu1 - dcpu0
	}
	rep.DesksCPU = cputime.Used() - self0
	busy1, total1 := machineCPU()
	if total1 > total0 {
		rep.MachineBusy = float64(busy1-busy0) / float64(total1-total0)
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}

	var pushTimes, pullTimes, served []time.Duration
	for _, d := range desks {
		rep.Pushes += d.pushes
		rep.PushFailures += d.pushFailures
		rep.PushShed += d.pushShed
		rep.PullShed += d.pullShed
		served = append(served, d.served...)
		rep.Pulls += d.pulls
		rep.PullFails += d.pullFailures
		rep.Sent += d.sent
		rep.Applied += d.applied
		rep.Duplicate += d.duplicate
		rep.Refused += d.refused
		rep.Unanswered += d.unanswered
		rep.Cases += d.cases
		rep.Pulled += d.pulled
		pushTimes = append(pushTimes, d.pushTimes...)
		pullTimes = append(pullTimes, d.pullTimes...)
		if d.lastErr != nil {
			rep.LastError = d.lastErr.Error()
		}
	}
	// A resent batch's operations the first attempt applied are answered
	// duplicate: either way they are settled, once each.
	rep.OpsPerSec = float64(rep.Applied+rep.Duplicate) / rep.Window.Seconds()
	rep.PushP50, rep.PushP99, rep.PushMax = quantile(pushTimes, 0.5), quantile(pushTimes, 0.99), quantile(pushTimes, 1)
	rep.PullP50, rep.PullP99 = quantile(pullTimes, 0.5), quantile(pullTimes, 0.99)
	rep.ServedP50, rep.ServedP99 = quantile(served, 0.5), quantile(served, 0.99)

	// A platform past its knee may still be working through what the cut
	// desks left; its counts are asked for a few times before giving up.
	for range 3 {
		if rep.Stats, err = first.client.Stats(ctx); err == nil {
			break
		}
	}
	if err != nil {
		rep.StatsError = err.Error()
	}
	if c.Verify {
		if rep.Verified, err = verifyCases(ctx, desks); err != nil {
			return nil, err
		}
	}
	if c.DB == "" {
		rep.DBBytes = filesSize(filepath.Join(data, "platform.db"))
	} else if rep.DBBytes, err = databaseSize(ctx, c.DB, data); err != nil {
		return nil, err
	}
	stopped = true
	if err := p.stop(); err != nil {
		// A platform stopped while desks' pushes still wait for their
		// locks ends with an error of its shutdown: the run's figures stand.
		rep.LastError = fmt.Sprintf("platform stop: %v", err)
	}
	return rep, nil
}

// quantile is the nearest-rank q-quantile of ds (sorted in place).
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	i := int(q*float64(len(ds))+0.999999) - 1
	return ds[max(0, min(i, len(ds)-1))]
}

// verifyCases reads every case back through its desk's client and checks
// that its events are exactly the operations the desk sent for it, each
// once.
func verifyCases(ctx context.Context, desks []*loadDesk) (int, error) {
	n := 0
	for _, d := range desks {
		for no, ids := range d.opsByCase {
			v, err := d.client.Case(ctx, no)
			if err != nil {
				return n, fmt.Errorf("case %s: %w", no, err)
			}
			var got []string
			for _, raw := range v.Events {
				var ev struct {
					ID string `json:"id"`
				}
				if err := json.Unmarshal(raw, &ev); err != nil {
					return n, fmt.Errorf("case %s: %w", no, err)
				}
				got = append(got, ev.ID)
			}
			want := slices.Clone(ids)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				return n, fmt.Errorf("case %s: the platform holds events %v, the desk sent %v", no, got, want)
			}
			n++
		}
	}
	return n, nil
}

// platformBinary is the platform to run: the one given, the one beside
// this program, or one built now from this module.
func platformBinary(ctx context.Context, given, dir string) (string, error) {
	if given != "" {
		return given, nil
	}
	if self, err := os.Executable(); err == nil {
		beside := filepath.Join(filepath.Dir(self), "yichuang-platform")
		if st, err := os.Stat(beside); err == nil && !st.IsDir() {
			return beside, nil
		}
	}
	out := filepath.Join(dir, "yichuang-platform")
	if b, err := exec.CommandContext(ctx, "go", "build", "-o", out, "yichuang/cmd/yichuang-platform").CombinedOutput(); err != nil {
		return "", fmt.Errorf("build the platform (or give --platform): %v: %s", err, strings.TrimSpace(string(b)))
	}
	return out, nil
}

// deskCreds is a registered desk's identity.
type deskCreds struct {
	protocol.RegisterResponse
	secret []byte
}

// desksPerHall spreads the bench's desks over halls as a county's are.
const desksPerHall = 20

// enrolDesks makes the platform's database with the catalog and the desks,
// each enrolled and registered through the store as `desk add` and the
// registration route do (the registration route allows a few a minute per
// address, right for a hall and far too few to register thousands from one).
func enrolDesks(ctx context.Context, c loadConfig, data string, items []hall.Item) ([]deskCreds, error) {
	if err := os.MkdirAll(data, 0o700); err != nil {
		return nil, err
	}
	st, err := openLoadStore(ctx, c.DB, data)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if err := st.PublishItems(ctx, items); err != nil {
		return nil, err
	}
	creds := make([]deskCreds, 0, c.Desks)
	for i := 0; i < c.Desks; i++ {
		hallCode := fmt.Sprintf("341122%06d", 100+i/desksPerHall)
		code, err := st.AddDesk(ctx, hallCode, fmt.Sprintf("%02d", i%desksPerHall+1), fmt.Sprintf("第%d便民服务中心", i/desksPerHall+1))
		if err != nil {
			return nil, err
		}
		res, err := st.Register(ctx, code, fmt.Sprintf("desk-%d", i))
		if err != nil {
			return nil, err
		}
		secret, ok := protocol.DecodeSecret(res.Secret)
		if !ok {
			return nil, fmt.Errorf("desk %d: unreadable secret", i)
		}
		creds = append(creds, deskCreds{RegisterResponse: res, secret: secret})
	}
	return creds, nil
}

// openLoadStore opens the platform's store the way `serve --data DIR
// [--db URL]` will: DIR/platform.db, or the PostgreSQL database, under the
// key file DIR.key beside the directory.
func openLoadStore(ctx context.Context, db, data string) (*store.Store, error) {
	key, err := store.LoadKeyFile(filepath.Clean(data)+".key", true)
	if err != nil {
		return nil, err
	}
	target := filepath.Join(data, "platform.db")
	if db != "" {
		if !store.IsPostgres(db) {
			return nil, commands.UsageError{Msg: "--db 应为 postgres://… 连接串（缺省为数据目录中的 SQLite）"}
		}
		target = db
	}
	return store.Open(ctx, target, key)
}

// databaseSize is the size of a PostgreSQL database, asked through the
// platform's store (only it speaks to the database).
func databaseSize(ctx context.Context, db, data string) (int64, error) {
	st, err := openLoadStore(ctx, db, data)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	return st.DatabaseSize(ctx)
}

// goal is a province's peak: 10,000 desks, a batch of 20 operations a
// minute each, pushed within a second at the 99th percentile.
const (
	goalOpsPerSec = 10000 * 20 / 60.0
	goalP99       = time.Second
)

func (r *loadReport) print(w io.Writer) {
	c := r.Config
	ms := func(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }
	cores := func(d time.Duration) string {
		return fmt.Sprintf("%.1f s (%.2f cores)", d.Seconds(), d.Seconds()/r.Window.Seconds())
	}
	fmt.Fprintf(w, "platform-load, %s: %d desks × %g ops/min × speed %g, batches of %d (one push per desk every %s), %s\n",
		r.Store, c.Desks, c.OpsPerMinute, c.Speed, c.Batch, c.interval().Round(time.Millisecond), r.Window.Round(time.Millisecond))
	fmt.Fprintf(w, "  offered %.0f ops/s = the load of %.0f desks at %g ops/min\n", r.Offered, r.Offered*60/c.OpsPerMinute, c.OpsPerMinute)
	fmt.Fprintf(w, "  settled %d ops (%.1f ops/s) in %d pushes: %d applied, %d answered duplicate to a resend, %d refused; %d push attempts timed out or failed; %d cases opened\n",
		r.Applied+r.Duplicate, r.OpsPerSec, r.Pushes-r.PushFailures, r.Applied, r.Duplicate, r.Refused, r.PushFailures, r.Cases)
	fmt.Fprintf(w, "  shed: %d push attempts and %d pulls answered busy (503, Retry-After); the other %d push attempts failed timed out or cut\n",
		r.PushShed, r.PullShed, r.PushFailures-r.PushShed)
	fmt.Fprintf(w, "  push latency (first attempt to answer) p50 %s, p99 %s, max %s; the answered attempt alone p50 %s, p99 %s; pull p50 %s, p99 %s (%d pulls, %d failed, %d changes)\n",
		ms(r.PushP50), ms(r.PushP99), ms(r.PushMax), ms(r.ServedP50), ms(r.ServedP99), ms(r.PullP50), ms(r.PullP99), r.Pulls, r.PullFails, r.Pulled)
	db := "not measured (give --pg-data)"
	switch {
	case r.Store == "SQLite":
		db = "in the platform process"
	case r.DatabaseCPU > 0:
		db = cores(r.DatabaseCPU)
	}
	fmt.Fprintf(w, "  CPU: platform %s, database server %s, desks (this process) %s; machine %.0f%% busy (all processes, %d cores)\n",
		cores(r.PlatformCPU), db, cores(r.DesksCPU), 100*r.MachineBusy, runtime.NumCPU())
	if r.StatsError != "" {
		fmt.Fprintf(w, "  database %.1f MB; platform counts unavailable: %s\n", float64(r.DBBytes)/(1<<20), r.StatsError)
	} else {
		fmt.Fprintf(w, "  database %.1f MB; platform counts %d cases, %d events, %d ops applied, %d duplicate\n",
			float64(r.DBBytes)/(1<<20), r.Stats.Cases, r.Stats.Events, r.Stats.OpsApplied, r.Stats.OpsDuplicate)
	}
	if r.Unanswered > 0 {
		fmt.Fprintf(w, "  cut %s after the schedule's end with %d batches still unanswered (their operations are not in the figures above; the platform had applied %d of the %d sent)\n",
			c.Grace, r.Unanswered, r.Stats.OpsApplied, r.Sent)
	}
	if r.Verified > 0 {
		fmt.Fprintf(w, "  verified: every one of %d cases holds exactly the operations its desk sent, each once\n", r.Verified)
	}
	met := "met"
	if r.OpsPerSec < goalOpsPerSec*0.98 || r.PushP99 > goalP99 {
		met = "not met"
	}
	fmt.Fprintf(w, "  goal %.0f ops/s with p99 push ≤ %s: %s by this run\n", goalOpsPerSec, goalP99, met)
	if r.Profile != "" {
		fmt.Fprintf(w, "  profile: go tool pprof -top %s\n", r.Profile)
	}
	if r.LastError != "" {
		fmt.Fprintf(w, "  last error: %s\n", r.LastError)
	}
}
