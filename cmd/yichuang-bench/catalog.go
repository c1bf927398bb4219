package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"time"
	"unicode"

	"yichuang/catalog/catalogio"
	"yichuang/catalog/search"
	"yichuang/commands"
	"yichuang/cputime"
	"yichuang/desk"
	"yichuang/hall"
)

// runCatalogBench measures what the catalog issue sets targets for: the
// import of a province-sized catalog from its file, the database's size,
// and search latency per query class, on the same code the window runs.
func runCatalogBench(ctx context.Context, env Env, args []string) error {
	fs, _ := flags(env, "catalog bench")
	n := fs.Int("items", 100000, "模拟目录的事项数")
	perClass := fs.Int("queries", 1000, "每类查询的次数")
	keep := fs.String("keep", "", "把导入后的数据目录保留在此（默认用完即删）")
	profile := fs.String("cpuprofile", "", "把导入过程的 CPU 剖析写入此文件（go tool pprof 可读）")
	if err := commands.ParseFlags(fs, args); err != nil {
		return err
	}
	dir := *keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "yichuang-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	file := filepath.Join(dir, "catalog-bench.json")
	items := catalogio.Synthetic(*n, 1)
	if err := writeCatalog(file, items); err != nil {
		return err
	}
	defer os.Remove(file)
	out := env.Stdout
	fmt.Fprintf(out, "模拟目录：%d 项，%d 个不同名称，%d 个实施部门\n", len(items), distinct(items, func(it *hall.Item) string { return it.Name }),
		distinct(items, func(it *hall.Item) string { return it.Department }))
	// Queries are drawn from the entries; only what they need is kept, so
	// the measurement runs with the heap a desk has, not with 100,000 guides.
	samples := make([]hall.Item, len(items))
	for i, it := range items {
		samples[i] = hall.Item{Name: it.Name, Code: it.Code, BasicCode: it.BasicCode, TaskCode: it.TaskCode}
	}
	items = nil

	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	// The peak reported is the import's: what generating the catalog took
	// is returned to the system and Linux's peak counter is reset.
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	gc := debug.SetGCPercent(desk.ImportGC) // as `catalog import` runs
	start, cpu0 := time.Now(), cputime.Used()
	parsed, err := catalogio.ReadFile(file)
	if err != nil {
		return err
	}
	parseTime := time.Since(start)
	dk, err := desk.Open(ctx, dir, env.Log)
	if err != nil {
		return err
	}
	// The bench's own data directory has no accounts: it imports as the
	// desk does.
	ctx = hall.AsDesk(ctx)
	t0 := time.Now()
	res, err := dk.DB.Catalog().ImportCatalog(ctx, parsed, hall.ImportOptions{Source: "bench"})
	if err != nil {
		dk.Close()
		return err
	}
	dk.Close() // the WAL's checkpoint is part of the import's cost
	storeTime, cpu := time.Since(t0), cputime.Used()-cpu0
	if *profile != "" {
		pprof.StopCPUProfile()
	}
	parsed = nil
	debug.SetGCPercent(gc)
	runtime.GC()
	fmt.Fprintf(out, "导入：共 %.1f 秒（读取并检查文件 %.1f 秒，写入数据库 %.1f 秒；用去 CPU %.1f 秒），新增 %d 项\n",
		(parseTime + storeTime).Seconds(), parseTime.Seconds(), storeTime.Seconds(), cpu.Seconds(), res.Added)
	fmt.Fprintf(out, "本机负载（1 分钟平均）：%s；进程内存峰值 %s\n", loadAverage(), peakMemory())
	if st, err := os.Stat(filepath.Join(dir, "yichuang.db")); err == nil {
		fmt.Fprintf(out, "数据库大小：%.1f MB\n", float64(st.Size())/(1<<20))
	}

	dk, err = desk.Open(ctx, dir, env.Log)
	if err != nil {
		return err
	}
	defer dk.Close()
	cat := dk.DB.Catalog()
	t0 = time.Now()
	if _, err := cat.Search(ctx, hall.SearchQuery{Text: "登记"}); err != nil {
		return err
	}
	fmt.Fprintf(out, "检索索引构建（打开后的首次检索）：%d ms\n", time.Since(t0).Milliseconds())
	rng := rand.New(rand.NewPCG(7, 7))
	fmt.Fprintf(out, "检索开始时本机负载：%s\n", loadAverage())
	fmt.Fprintf(out, "%-16s %6s %8s %8s %8s %10s %12s %12s\n", "查询类别", "次数", "p50", "p99", "最大", "平均结果数", "CPU p50", "CPU p99")
	runtime.LockOSThread() // so the thread's CPU clock is the query's
	defer runtime.UnlockOSThread()
	for _, c := range queryClasses {
		var lat, cpu []time.Duration
		total := 0
		prev := ""
		for len(lat) < *perClass {
			q := c.make(rng, &samples[rng.IntN(len(samples))])
			if q == "" || q == prev {
				continue
			}
			prev = q
			t, c0 := time.Now(), cputime.Thread()
			r, err := cat.Search(ctx, hall.SearchQuery{Text: q, Near: "341122", Limit: 50})
			lat, cpu = append(lat, time.Since(t)), append(cpu, cputime.Thread()-c0)
			if err != nil {
				return err
			}
			total += r.Total
		}
		slices.Sort(lat)
		slices.Sort(cpu)
		fmt.Fprintf(out, "%-16s %6d %8s %8s %8s %10d %12s %12s\n", c.name, len(lat), ms(lat[len(lat)/2]),
			ms(lat[len(lat)*99/100]), ms(lat[len(lat)-1]), total/len(lat), ms(cpu[len(cpu)/2]), ms(cpu[len(cpu)*99/100]))
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

func distinct(items []hall.Item, key func(*hall.Item) string) int {
	seen := map[string]bool{}
	for i := range items {
		seen[key(&items[i])] = true
	}
	return len(seen)
}

// queryClasses are what a clerk types, drawn from the catalog itself: a
// stretch of Chinese from a name, the start of a code, the initials of a
// name's pinyin.
var queryClasses = []struct {
	name string
	make func(rng *rand.Rand, it *hall.Item) string
}{
	{"中文 2 字", func(rng *rand.Rand, it *hall.Item) string { return hanRun(rng, it.Name, 2) }},
	{"中文 3 字", func(rng *rand.Rand, it *hall.Item) string { return hanRun(rng, it.Name, 3) }},
	{"中文 6 字", func(rng *rand.Rand, it *hall.Item) string { return hanRun(rng, it.Name, 6) }},
	{"编码前缀", func(rng *rand.Rand, it *hall.Item) string {
		c := []string{it.Basic(), it.TaskCode}[rng.IntN(2)]
		return c[:4+rng.IntN(len(c)-4)]
	}},
	{"别名", func(rng *rand.Rand, _ *hall.Item) string { return aliasWords[rng.IntN(len(aliasWords))] }},
	{"拼音首字母", func(rng *rand.Rand, it *hall.Item) string {
		in := search.Initials(it.Name)
		if len(in) < 2 {
			return ""
		}
		return in[:2+rng.IntN(len(in)-1)]
	}},
}

// aliasWords are the words of the bundled alias table: what a clerk types
// instead of the catalog's names.
var aliasWords = func() []string {
	aliases, err := desk.BundledAliases()
	if err != nil {
		panic(err) // the bundled table is checked by catalog/search's tests
	}
	var out []string
	for _, a := range aliases {
		out = append(out, a.Word)
	}
	return out
}()

// hanRun is n consecutive Chinese characters of s from a random place, ""
// when s has no such run.
func hanRun(rng *rand.Rand, s string, n int) string {
	r := []rune(s)
	var starts []int
	for i := 0; i+n <= len(r); i++ {
		ok := true
		for _, c := range r[i : i+n] {
			ok = ok && unicode.Is(unicode.Han, c)
		}
		if ok {
			starts = append(starts, i)
		}
	}
	if len(starts) == 0 {
		return ""
	}
	i := starts[rng.IntN(len(starts))]
	return string(r[i : i+n])
}

// loadAverage says how busy the machine was, so figures from a shared
// machine can be read for what they are.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "未知"
	}
	return strings.Fields(string(b))[0]
}

// peakMemory is the process's peak resident set (VmHWM) as Linux reports
// it: an import holds the whole file and its parsed entries at once.
func peakMemory() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "未知"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int
			if _, err := fmt.Sscan(rest, &kb); err == nil {
				return fmt.Sprintf("%.0f MB", float64(kb)/1024)
			}
		}
	}
	return "未知"
}
