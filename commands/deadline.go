package commands

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"yichuang/datadir"
	"yichuang/desk"
	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/store/sqlite"
)

// runDeadline prints the due date the desk would fix for a case accepted on
// --from: the same calendar (the bundled tables and the years the desk has
// stored) and the same code as the store. A year without a table is named
// on stderr; the date is then provisional.
func runDeadline(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "deadline")
	from := fs.String("from", "", "受理日期 YYYY-MM-DD")
	limit := fs.String("limit", "", "时限天数")
	unit := fs.String("unit", string(hall.WorkingDays), "工作日 或 自然日")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if *from == "" || *limit == "" {
		return UsageError{"--from 和 --limit 都必须给出"}
	}
	start, err := calendar.ParseDate(*from)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(strings.TrimSpace(*limit))
	if err != nil {
		return hall.Errorf(hall.EInvalid, "时限“%s”不是整数天数", *limit)
	}
	cal, err := storedCalendar(ctx, *data)
	if err != nil {
		return err
	}
	due, err := cal.DueDate(start, hall.Limit{Days: n, Unit: hall.Unit(*unit)}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, due.Date.String())
	for _, y := range due.Uncovered {
		fmt.Fprintf(env.Stderr, "注意：%d 年的法定节假日安排尚未收录，该期限按法定节日推算、尚未计入调休，属暂定日期；收到平台下发的日历后请重新计算。\n", y)
	}
	return nil
}

// storedCalendar is the bundled calendar with the years stored in the data
// directory dir (the default one when dir is ""), read without its lock so
// the command works beside the open window.
func storedCalendar(ctx context.Context, dir string) (*calendar.Calendar, error) {
	cal, err := desk.BundledCalendar()
	if err != nil {
		return nil, err
	}
	if dir == "" {
		if dir, err = datadir.Default(); err != nil {
			return cal, nil // no home directory: the bundled years only
		}
	}
	stored, err := sqlite.ReadCalendarYears(ctx, filepath.Join(dir, datadir.DBFile))
	if err != nil {
		return nil, err
	}
	for year, table := range stored {
		if cal, err = cal.With(year, table); err != nil {
			return nil, err
		}
	}
	return cal, nil
}
