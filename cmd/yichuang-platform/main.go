// Command yichuang-platform is the reference implementation of the
// provincial platform's side of the sync API (docs/api.md): pure Go, its
// own SQLite store, for pilots, demos and every end-to-end test.
//
//	yichuang-platform [serve] --addr 127.0.0.1:8700 --data DIR
//	yichuang-platform desk add --hall CODE --desk CODE     (prints a one-time enrolment code, alone on its last line)
//	yichuang-platform catalog publish FILE | calendar publish [--year Y] FILE | user add …
//	yichuang-platform decide --case NO --action review|special-start|special-end|decide …
//	yichuang-platform case NO | stats | desk list | desk replace --hall CODE --desk CODE
//	yichuang-platform backup FILE | restore FILE   (encrypted; --password-file F or the first line of stdin)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"yichuang/hall"
	"yichuang/platform/store"
)

// version of the platform; shown by /api/v1/health.
const version = "0.1.0"

type command struct {
	name, usage string
	run         func(ctx context.Context, args []string, out io.Writer) error
}

var commands = []command{
	{"serve", "serve [--addr 127.0.0.1:8700] [--data DIR] [--tls-cert F --tls-key F] [--admin-token T]", runServe},
	{"desk", "desk add --hall CODE --desk CODE [--name 大厅名称] | desk replace --hall CODE --desk CODE | desk list", runDesk},
	{"catalog", "catalog publish FILE（事项数组 JSON）", runCatalog},
	{"calendar", "calendar publish [--year YYYY] FILE（节假日表 JSON）", runCalendar},
	{"user", "user add --hall CODE --id ID --name 姓名 [--role 角色] [--inactive]", runUser},
	{"decide", "decide --case 办件编号 --action review|special-start|special-end|decide [--result 准予许可] [--reason 理由] [--actor 姓名]", runDecide},
	{"case", "case 办件编号（打印平台上的办件 JSON）", runCase},
	{"stats", "stats（打印平台计数 JSON）", runStats},
	{"backup", "backup [--data DIR] [--password-file F] FILE（服务运行时也可执行）", runBackup},
	{"restore", "restore [--data DIR] [--password-file F] FILE（先停止平台服务）", runRestore},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, out, errOut io.Writer) int {
	name := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		err := c.run(ctx, args, out)
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			fmt.Fprintf(errOut, "用法：yichuang-platform %s\n", c.usage)
			return 2
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(errOut, "用法错误：%s\n用法：yichuang-platform %s\n", ue, c.usage)
			return 2
		}
		fmt.Fprintln(errOut, "错误："+hall.ErrorMessage(err))
		fmt.Fprintln(errOut, "详情：", err)
		return 1
	}
	fmt.Fprintf(errOut, "未知命令“%s”。可用命令：\n", name)
	for _, c := range commands {
		fmt.Fprintf(errOut, "  yichuang-platform %s\n", c.usage)
	}
	return 2
}

type usageError string

func (e usageError) Error() string { return string(e) }

// flags makes a command's flag set with the shared --data flag.
func flags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	data := fs.String("data", "platform-data", "数据目录")
	return fs, data
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError(err.Error())
	}
	return nil
}

// openStore opens DIR/platform.db, creating DIR.
func openStore(ctx context.Context, dir string) (*store.Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法创建数据目录 %s", dir)
	}
	st, err := store.Open(ctx, dir+string(os.PathSeparator)+"platform.db")
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法打开平台数据库（%s）", dir)
	}
	return st, nil
}
