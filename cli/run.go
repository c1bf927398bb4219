package cli

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

// registry holds every sub-command; each command's file registers itself in
// an init function, so adding one touches no shared list.
var registry []command

func register(c command) { registry = append(registry, c) }

// commands lists the sub-commands by name.
func commands() []command {
	out := append([]command(nil), registry...)
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func init() {
	register(command{"version", "version", "显示程序版本", runVersion})
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
