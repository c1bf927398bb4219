// Package commands runs the desk app's headless sub-commands (yichuang
// help): one explicit table in run.go, each command in its own file. The
// desk they work on comes from package desk. It never imports Fyne.
package commands

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"

	"yichuang/hall"
)

// Build identifies the program; main fills it from FyneApp.toml.
type Build struct {
	Version string
	Number  string
}

// Env is what a command gets.
type Env struct {
	Stdout, Stderr io.Writer
	Build          Build
	Log            *slog.Logger
	// Data is a --data DIR given before the command's name (yichuang --data
	// DIR sync): every command that works on a desk works on DIR, exactly as
	// with the command's own --data.
	Data string
}

type command struct {
	name, usage, help string
	run               func(ctx context.Context, env Env, args []string) error
}

// table is every sub-command, by name: adding one adds a line here.
var table = []command{
	{"backup", "backup [--data DIR] [--as 管理员] [--password-file F] FILE",
		"把本机数据（数据库、本机密钥、附件）加密备份到 FILE；窗口运行时也可执行", runBackup},
	{"catalog",
		"catalog import|search … （yichuang catalog help）",
		"事项目录：导入 JSON/CSV/XLSX，按名称、编码、拼音检索", runCatalog},
	{"verify", "verify [--data DIR]", "检查数据库完整性和同步队列一致性", runVerify},
	{"deadline", "deadline --from YYYY-MM-DD --limit N [--unit 工作日|自然日] [--data DIR]",
		"按工作日历计算办结期限（与窗口所用相同）", runDeadline},
	{"document", "document [--data DIR] [--as 登录名] [--password-file F] 办件编号",
		"重新生成办件的受理回执、不予受理通知书或一次性告知书（PDF），打印文件路径；一件事的办件生成整件一件事的文书", runDocument},
	{"register", "register --platform URL --code 注册码 [--ca CA.pem] [--as 管理员] [--password-file F] [--reregister] [--data DIR]",
		"用一次性注册码把本窗口注册到省级平台", runRegister},
	{"report", "report --month YYYY-MM --out FILE.xlsx [--scope 本窗口|本大厅|下辖|大厅编码] [--as 登录名] [--password-file F] [--data DIR]",
		"生成月度报告（办件量、按时办结率、超期办件等，附上月对比）", runReport},
	{"restore", "restore [--data DIR] [--as 管理员] [--password-file F] [--other-desk] FILE",
		"从备份恢复本机数据（先关闭窗口；当前数据另存，不会丢失）", runRestore},
	{"version", "version", "显示程序版本", runVersion},
	{"sync", "sync [--once] [--platform URL] [--retry N] [--as 登录名 [--password-file F]] [--data DIR]",
		"与省级平台同步：推送待同步记录和扫描件，接收平台的更新", runSync},
	{"urge", "urge --case 办件编号 --reason 事由 --reply-by YYYY-MM-DD --as 监督人员 [--password-file F] | urge --list [--data DIR]",
		"督办：对监督范围内的办件发出督办，或列出本窗口收到和发出的督办", runUrge},
	{"user", "user add|list|passwd|unlock [--data DIR] [--as 管理员] [--password-file F] …",
		"管理本窗口的账号（首个账号为管理员；之后须由管理员执行）", runUser},
}

// commands lists the sub-commands by name.
func commands() []command {
	out := append([]command(nil), table...)
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// moved are the commands the clerk's binary no longer has, and where they
// are: they fabricate cases or load the desk, which a clerk's desk (whose
// cases go to the province) must never do.
var moved = map[string]string{
	"seed": "yichuang-bench seed --data 新的空目录 --cases N …（测试与演示工具，不随窗口程序发布）",
}

// Dispatch runs the command args name, if they name one, and reports
// whether they did (else the window opens with them). A --data DIR before
// the command's name is honoured by the command (Env.Data); --data is the
// only option that may stand there.
func Dispatch(ctx context.Context, env Env, args []string) (code int, ran bool) {
	data, rest, ok := commandLine(args)
	if !ok {
		return 0, false
	}
	if data != nil && strings.TrimSpace(*data) == "" {
		fmt.Fprintln(env.Stderr, "用法错误：--data 的目录为空")
		return 2, true
	}
	if data != nil {
		env.Data = *data
	}
	return Run(ctx, env, rest), true
}

// IsCommandLine reports whether args run a command rather than the window.
func IsCommandLine(args []string) bool {
	_, _, ok := commandLine(args)
	return ok
}

// commandLine splits a leading --data DIR from the command's words; ok
// when a word follows (a command, a misspelt one, help).
func commandLine(args []string) (data *string, rest []string, ok bool) {
	rest = args
	for len(rest) > 0 {
		a := rest[0]
		if v, found := strings.CutPrefix(strings.TrimLeft(a, "-"), "data="); found && strings.HasPrefix(a, "-") {
			data, rest = &v, rest[1:]
			continue
		}
		if (a == "--data" || a == "-data") && len(rest) > 1 {
			data, rest = &rest[1], rest[2:]
			continue
		}
		break
	}
	if len(rest) == 0 || strings.HasPrefix(rest[0], "-") && !isWord(rest[0]) {
		return nil, nil, false
	}
	return data, rest, true
}

// isWord reports whether a dashed argument is a command of its own.
func isWord(a string) bool { return a == "-h" || a == "--help" || a == "--version" }

// Run runs the sub-command in args and returns the process's exit code:
// 0 on success, 1 on an error (printed in Chinese on stderr), 2 on misuse.
// Help and usage errors touch no data directory.
func Run(ctx context.Context, env Env, args []string) int {
	if env.Log == nil {
		env.Log = slog.New(slog.DiscardHandler)
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env.Stderr)
		return 2
	}
	if args[0] == "--version" {
		args[0] = "version"
	}
	if where, ok := moved[args[0]]; ok {
		fmt.Fprintf(env.Stderr, "窗口程序没有“%s”命令：它已移到 %s\n", args[0], where)
		return 2
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, env, args[1:])
		var ue UsageError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(env.Stderr, "用法错误：%s\n用法：yichuang %s\n", ue.Msg, c.usage)
			return 2
		case errors.Is(err, flag.ErrHelp):
			return 2
		}
		fmt.Fprintln(env.Stderr, "错误："+hall.ErrorMessage(err))
		env.Log.Error("command failed", "command", c.name, "err", err)
		return 1
	}
	fmt.Fprintf(env.Stderr, "未知命令“%s”\n", args[0])
	usage(env.Stderr)
	return 2
}

// UsageError is a command line that does not say what to do: exit 2, the
// message and the command's usage (the bench tool's commands use it too).
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

func usage(w io.Writer) {
	fmt.Fprintln(w, "一窗 yichuang — 政务服务窗口受理系统\n\n不带参数运行打开窗口；带命令运行时不打开窗口：")
	for _, c := range commands() {
		fmt.Fprintf(w, "  yichuang %-58s %s\n", c.usage, c.help)
	}
}

// flags makes a command's flag set with the shared --data flag, which
// starts as the --data given before the command's name; errors are
// reported by the caller, in Chinese.
func flags(env Env, name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	d := &dataFlag{dir: env.Data, leading: env.Data}
	fs.Var(d, "data", "数据目录（默认：用户配置目录下的 yichuang）")
	return fs, &d.dir
}

// dataFlag is --data: given both before and after the command's name, the
// two must agree (which of them would win is not for the clerk to guess).
type dataFlag struct{ dir, leading string }

func (d *dataFlag) String() string {
	if d == nil {
		return ""
	}
	return d.dir
}

func (d *dataFlag) Set(v string) error {
	if d.leading != "" && filepath.Clean(v) != filepath.Clean(d.leading) {
		return fmt.Errorf("--data 给了两个不同的目录：%s 和 %s", d.leading, v)
	}
	d.dir = v
	return nil
}

// ParseFlags parses a command's flags; a bad one is a UsageError, -h is
// flag.ErrHelp. Nothing is printed: the caller says it in Chinese.
func ParseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return UsageError{err.Error()}
	}
	return nil
}

// parseNoArgs parses the flags of a command that takes no other words and
// refuses any (a misplaced flag value, a typo) rather than running without
// them.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return UsageError{"多余的参数：" + strings.Join(fs.Args(), " ")}
	}
	return nil
}

func runVersion(_ context.Context, env Env, _ []string) error {
	fmt.Fprintf(env.Stdout, "yichuang %s (build %s)\n", env.Build.Version, env.Build.Number)
	return nil
}
