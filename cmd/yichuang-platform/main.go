// Command yichuang-platform is the reference implementation of the
// provincial platform's side of the sync API (docs/api.md): pure Go, its
// own SQLite store for pilots, demos and every end-to-end test, or a
// PostgreSQL database (--db postgres://…) that several instances share
// for a province (docs/adr/0024).
//
//	yichuang-platform [serve] --addr 127.0.0.1:8700 --data DIR [--db postgres://…] [--key FILE] [--admin-token-file FILE]
//	yichuang-platform desk add --hall CODE --desk CODE     (prints a one-time enrolment code, alone on its last line)
//	yichuang-platform catalog publish FILE | calendar publish [--year Y] FILE | user add …
//	yichuang-platform decide --case NO --action review|special-start|special-end|decide …
//	yichuang-platform case NO | views | stats | desk list | desk replace --hall CODE --desk CODE
//	yichuang-platform seal-check   (after an older binary ran on the store: seals what it wrote in clear)
//	yichuang-platform backup FILE | restore FILE   (SQLite; encrypted; --password-file F or the first line of stdin)
//	yichuang-platform restored --backup-at TIME    (PostgreSQL, after its own restore: desks re-send what was lost)
//	yichuang-platform migrate --data DIR --db postgres://…  (a stopped pilot's SQLite platform into an empty PostgreSQL)
//
// --data DIR, --db URL and --key FILE may stand before the command as
// well as after it. Only serve and desk add create a data directory; help and usage
// errors create nothing.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
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
	{"serve", "serve [--addr 127.0.0.1:8700] [--data DIR] [--key FILE] [--tls-cert F --tls-key F] [--admin-token-file FILE] [--cpuprofile F]", runServe},
	{"desk", "desk add --hall CODE --desk CODE [--name 大厅名称] | desk replace --hall CODE --desk CODE | desk list", runDesk},
	{"catalog", "catalog publish FILE（事项数组 JSON）", runCatalog},
	{"calendar", "calendar publish [--year YYYY] FILE（节假日表 JSON）", runCalendar},
	{"hall", "hall add --hall CODE --name 名称 --level 省|市|县|乡镇|村 [--parent CODE] | hall list | hall grant --user ID --hall CODE | hall revoke --user ID", runHall},
	{"supervise", "supervise --hall CODE [--json]（该大厅及下辖大厅的亮灯和统计）", runSupervise},
	{"user", "user add --hall CODE --id ID --name 姓名 [--role 角色] [--inactive]", runUser},
	{"decide", "decide --case 办件编号 --action review|special-start|special-end|decide [--result 准予许可] [--reason 理由] [--actor 姓名]", runDecide},
	{"case", "case 办件编号（打印平台上的办件 JSON） | case --name 姓名（按申请人完整姓名或名称列出办件）", runCase},
	{"seal-check", "seal-check（停机后重新检查全部数据，加密封存以明文写入的内容：旧版本平台程序打开过数据库后执行）", runSealCheck},
	{"key", "key rotate --new-key FILE（停机后换用新的平台密钥）", runKey},
	{"views", "views（打印办件查看记录：时间、查看者、办件编号、结果）", runViews},
	{"stats", "stats（打印平台计数 JSON）", runStats},
	{"backup", "backup [--data DIR] [--password-file F] FILE（服务运行时也可执行）", runBackup},
	{"restore", "restore [--data DIR] [--password-file F] FILE（先停止平台服务）", runRestore},
	{"migrate", "migrate --data DIR [--from platform.db] --db postgres://…（把停止的试点平台复制到空的 PostgreSQL 数据库并逐件校验）", runMigrate},
	{"restored", "restored --backup-at 时刻（PostgreSQL 数据库用其自身工具恢复后、启动平台前执行：各窗口重发此后的记录）", runRestored},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, out, errOut io.Writer) int {
	name, args := commandOf(args)
	if name == "help" {
		usage(out)
		return 0
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
	fmt.Fprintf(errOut, "未知命令“%s”。", name)
	usage(errOut)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "可用命令（--data DIR、--db 数据库、--key FILE 可写在命令之前或之后；--db postgres://… 使用 PostgreSQL，缺省为数据目录中的 SQLite 文件）：")
	for _, c := range commands {
		fmt.Fprintf(w, "  yichuang-platform %s\n", c.usage)
	}
}

// valueFlags are the flags that take a value, so that the command's name
// is found after flags given before it.
var valueFlags = map[string]bool{"data": true, "db": true, "key": true, "addr": true, "tls-cert": true, "tls-key": true,
	"admin-token-file": true, "admin-token": true, "hall": true, "desk": true, "name": true, "year": true,
	"id": true, "role": true, "case": true, "action": true, "result": true, "reason": true, "actor": true,
	"promise-due": true, "from": true, "new-key": true, "backup-at": true, "cpuprofile": true, "level": true, "parent": true, "user": true,
	"gc-percent": true}

// subWords are the commands whose first argument is a word of their own
// (desk add, catalog publish …).
var subWords = map[string]bool{"hall": true, "desk": true, "catalog": true, "calendar": true, "user": true, "key": true}

// commandOf finds the command among args: the first word that is not a
// flag or a flag's value. Flags given before it are handed to the command
// (after its own word, if it has one), so `--data DIR stats` is `stats
// --data DIR`. With no word at all the command is serve.
func commandOf(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			lead, rest := args[:i], args[i+1:]
			if subWords[a] && len(rest) > 0 {
				return a, append(append([]string{rest[0]}, lead...), rest[1:]...)
			}
			return a, append(append([]string{}, lead...), rest...)
		}
		name := strings.TrimLeft(a, "-")
		if !strings.Contains(name, "=") && valueFlags[name] {
			i++
		}
	}
	return "serve", args
}

type usageError string

func (e usageError) Error() string { return string(e) }

// place is where a command's data lives: the data directory (scans,
// uploads; on PostgreSQL a directory every instance shares), the database
// and the key file, kept apart from both.
type place struct {
	data, db, key *string
}

// target is the database: --db (a PostgreSQL URL or a SQLite file), or
// DIR/platform.db.
func (p place) target() string {
	if *p.db != "" {
		return *p.db
	}
	return filepath.Join(*p.data, "platform.db")
}

// where names the database for messages, without a password.
func (p place) where() string {
	if store.IsPostgres(p.target()) {
		return "PostgreSQL 数据库"
	}
	return p.target()
}

// keyFile is the key file: --key, or DIR.key beside the data directory
// (never inside it, so that a copy of the directory does not carry it).
func (p place) keyFile() string {
	if *p.key != "" {
		return *p.key
	}
	return filepath.Clean(*p.data) + ".key"
}

// flags makes a command's flag set with the shared --data and --key flags.
func flags(name string) (*flag.FlagSet, place) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	p := place{data: fs.String("data", "platform-data", "数据目录"),
		db:  fs.String("db", "", "平台数据库：postgres://… 为 PostgreSQL（口令请放在 ~/.pgpass 或 PGPASSFILE 中），其余为 SQLite 文件路径（默认 DIR/platform.db）"),
		key: fs.String("key", "", "平台密钥文件（默认为数据目录旁的 DIR.key；与数据库分开保存）")}
	return fs, p
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

// openStore opens the platform's database (place.target) under the key
// file. Only with create are a missing directory, database and key file
// made (the key only with a new database: an existing one opens with its
// own key or not at all).
func openStore(ctx context.Context, p place, create bool) (*store.Store, error) {
	dir := *p.data
	exists, err := store.Holds(ctx, p.target())
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法连接平台数据库（%s）", p.where())
	}
	if !exists && !create {
		if store.IsPostgres(p.target()) {
			return nil, hall.Errorf(hall.ENotFound, "PostgreSQL 数据库中还没有平台数据：先用 serve 或 desk add 创建，或检查 --db")
		}
		return nil, hall.Errorf(hall.ENotFound, "数据目录 %s 中没有平台数据库：请用 --data 指定平台的数据目录", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法创建数据目录 %s", dir)
	}
	key, err := store.LoadKeyFile(p.keyFile(), !exists)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, p.target(), key)
	if err != nil {
		if hall.ErrorCode(err) != "" && hall.ErrorCode(err) != hall.EInternal {
			return nil, err
		}
		return nil, hall.Wrap(hall.EInternal, err, "无法打开平台数据库（%s）", p.where())
	}
	return st, nil
}
