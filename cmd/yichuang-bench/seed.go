package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"yichuang/commands"
	"yichuang/datadir"
	"yichuang/desk"
	"yichuang/hall"
	"yichuang/seed"
)

// runSeed fabricates accepted cases in a throw-away desk: the data
// directory must be new, empty or one this command made before (it is
// marked: datadir.ThrowawayFile), so no clerk's desk, whose cases go to the
// province, ever gets fabricated ones.
func runSeed(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "seed")
	n := fs.Int("cases", 0, "办件数（同一天每个窗口最多 9999 件）")
	every := fs.Int("scans-every", 5, "每 K 件附一份扫描件（0 为不附）")
	kb := fs.Int("scan-kb", 300, "每份扫描件约多少 KB")
	sd := fs.Int64("seed", time.Now().UnixNano(), "随机种子")
	if err := commands.ParseFlags(fs, args); err != nil {
		return err
	}
	if *data == "" {
		return commands.UsageError{Msg: "请用 --data 给出一个新的空目录（不会使用默认数据目录）"}
	}
	if *n <= 0 || *n > 9999 {
		return commands.UsageError{Msg: "--cases 应为 1 至 9999"}
	}
	if entries, err := os.ReadDir(*data); err == nil && len(entries) > 0 && !datadir.IsThrowaway(*data) {
		return hall.Errorf(hall.EConflict, "数据目录 %s 已有数据：生成的办件只写入新的空目录或本命令生成过的目录", *data)
	}
	if err := os.MkdirAll(*data, 0o700); err != nil {
		return hall.Wrap(hall.EInternal, err, "无法创建数据目录 %s", *data)
	}
	if err := datadir.MarkThrowaway(*data); err != nil {
		return err
	}
	ctx = hall.AsDesk(ctx)
	dk, err := desk.Open(ctx, *data, env.Log)
	if err != nil {
		return err
	}
	defer dk.Close()
	res, err := seed.Cases(ctx, dk, seed.Options{Cases: *n, ScansEvery: *every, ScanKB: *kb, Seed: *sd})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已生成 %d 件已受理办件（%s … %s），其中 %d 件附扫描件\n", res.Cases, res.First, res.Last, res.Scans)
	return nil
}
