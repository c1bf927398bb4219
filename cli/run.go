package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

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

func commands() []command {
	return []command{
		{"catalog", "catalog import [--data DIR] FILE", "导入事项目录（本项目的 JSON 格式）", runCatalog},
		{"deadline", "deadline --from YYYY-MM-DD --limit N [--unit 工作日|自然日]", "按工作日历计算办结期限", runDeadline},
		{"verify", "verify [--data DIR]", "检查数据库完整性和同步队列一致性", runVerify},
		{"version", "version", "显示程序版本", runVersion},
	}
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
