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
	"sort"

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
		"catalog import|search|generate|bench … （yichuang catalog help）",
		"事项目录：导入 JSON/CSV/XLSX，按名称、编码、拼音检索，生成与测量", runCatalog},
	{"verify", "verify [--data DIR]", "检查数据库完整性和同步队列一致性", runVerify},
	{"deadline", "deadline --from YYYY-MM-DD --limit N [--unit 工作日|自然日] [--data DIR]",
		"按工作日历计算办结期限（与窗口所用相同）", runDeadline},
	{"document", "document [--data DIR] [--as 登录名] [--password-file F] 办件编号",
		"重新生成办件的受理回执、不予受理通知书或一次性告知书（PDF），打印文件路径", runDocument},
	{"register", "register --platform URL --code 注册码 [--ca CA.pem] [--as 管理员] [--password-file F] [--reregister] [--data DIR]",
		"用一次性注册码把本窗口注册到省级平台", runRegister},
	{"report", "report --month YYYY-MM --out FILE.xlsx [--scope 本窗口|本大厅|下辖|大厅编码] [--as 登录名] [--password-file F] [--data DIR]",
		"生成月度报告（办件量、按时办结率、超期办件等，附上月对比）", runReport},
	{"restore", "restore [--data DIR] [--as 管理员] [--password-file F] [--other-desk] FILE",
		"从备份恢复本机数据（先关闭窗口；当前数据另存，不会丢失）", runRestore},
	{"version", "version", "显示程序版本", runVersion},
	{"seed", "seed --cases N [--scans-every K] [--scan-kb KB] [--seed S] [--as 登录名 [--password-file F]] [--data DIR]",
		"在本窗口生成 N 件逼真的已受理办件（演示、压力测试用）", runSeed},
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

// IsCommand reports whether arg names a sub-command (else the window opens).
func IsCommand(arg string) bool {
	for _, c := range commands() {
		if c.name == arg {
			return true
		}
	}
	return arg == "help" || arg == "-h" || arg == "--help" || arg == "--version"
}

// Run runs the sub-command in args and returns the process's exit code:
// 0 on success, 1 on an error (printed in Chinese on stderr), 2 on misuse.
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
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, env, args[1:])
		var ue usageError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(env.Stderr, "用法错误：%s\n用法：yichuang %s\n", ue.msg, c.usage)
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

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usage(w io.Writer) {
	fmt.Fprintln(w, "一窗 yichuang — 政务服务窗口受理系统\n\n不带参数运行打开窗口；带命令运行时不打开窗口：")
	for _, c := range commands() {
		fmt.Fprintf(w, "  yichuang %-58s %s\n", c.usage, c.help)
	}
}

// flags makes a command's flag set with the shared --data flag; errors are
// reported by the caller, in Chinese.
func flags(env Env, name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	data := fs.String("data", "", "数据目录（默认：用户配置目录下的 yichuang）")
	return fs, data
}

func parse(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

func runVersion(_ context.Context, env Env, _ []string) error {
	fmt.Fprintf(env.Stdout, "yichuang %s (build %s)\n", env.Build.Version, env.Build.Number)
	return nil
}
