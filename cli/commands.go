package cli

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"yichuang/hall"
	"yichuang/hall/calendar"
)

func init() {
	register(command{"catalog", "catalog import [--data DIR] FILE", "导入事项目录（本项目的 JSON 格式）", runCatalog})
	register(command{"deadline", "deadline --from YYYY-MM-DD --limit N [--unit 工作日|自然日]", "按工作日历计算办结期限", runDeadline})
	register(command{"verify", "verify [--data DIR]", "检查数据库完整性和同步队列一致性", runVerify})
}

func runCatalog(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		return usageError{"catalog 只支持 import 子命令"}
	}
	fs, data := flags(env, "catalog import")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"请给出一个事项目录文件"}
	}
	file := fs.Arg(0)
	b, err := os.ReadFile(file)
	if err != nil {
		return hall.Wrap(hall.EInvalid, err, "无法读取文件 %s", file)
	}
	items, err := DecodeItems(b)
	if err != nil {
		return hall.Wrap(hall.EInvalid, err, "%s：%s", file, hall.ErrorMessage(err))
	}
	desk, err := OpenDesk(ctx, *data, env.Log)
	if err != nil {
		return err
	}
	defer desk.Close()
	res, err := desk.DB.Catalog().ImportItems(ctx, items)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "导入完成：新增 %d 项，更新 %d 项，未变 %d 项\n", res.Added, res.Updated, res.Unchanged)
	return nil
}

func runDeadline(_ context.Context, env Env, args []string) error {
	fs, _ := flags(env, "deadline")
	from := fs.String("from", "", "受理日期 YYYY-MM-DD")
	limit := fs.String("limit", "", "时限天数")
	unit := fs.String("unit", string(hall.WorkingDays), "工作日 或 自然日")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" || *limit == "" {
		return usageError{"--from 和 --limit 都必须给出"}
	}
	start, err := calendar.ParseDate(*from)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(*limit)
	if err != nil {
		return hall.Errorf(hall.EInvalid, "时限“%s”不是整数天数", *limit)
	}
	cal, err := bundledCalendar()
	if err != nil {
		return err
	}
	due, err := cal.DueDate(start, hall.Limit{Days: n, Unit: hall.Unit(*unit)}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, due.Date.String())
	for _, y := range due.Uncovered {
		fmt.Fprintf(env.Stderr, "注意：%d 年的法定节假日安排尚未收录，该期限仅按周末推算，属暂定日期；收到平台下发的日历后请重新计算。\n", y)
	}
	return nil
}

func runVerify(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "verify")
	if err := parse(fs, args); err != nil {
		return err
	}
	desk, err := OpenDesk(ctx, *data, env.Log)
	if err != nil {
		return err
	}
	defer desk.Close()
	checks, err := desk.DB.Verify(ctx)
	if err != nil {
		return err
	}
	failed := 0
	for _, c := range checks {
		mark := "通过"
		if !c.OK {
			mark = "失败：" + c.Detail
			failed++
		}
		fmt.Fprintf(env.Stdout, "%s：%s\n", c.Name, mark)
	}
	if failed > 0 {
		return hall.Errorf(hall.ECorrupt, "%d 项检查未通过", failed)
	}
	return nil
}
