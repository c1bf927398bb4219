// Command yichuang is the desk app of a one-stop government service window.
// With no arguments it opens the window; with a sub-command it works
// headless (see `yichuang help`). This file only wires the parts together.
package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"regexp"
	"time"

	"yichuang/commands"
	"yichuang/datadir"
	"yichuang/hall"
)

//go:embed FyneApp.toml
var fyneAppTOML string

// build reads the version and build number from FyneApp.toml, the one
// source of both.
func build() commands.Build {
	b := commands.Build{Version: "dev", Number: "0"}
	if m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindStringSubmatch(fyneAppTOML); m != nil {
		b.Version = m[1]
	}
	if m := regexp.MustCompile(`(?m)^\s*Build\s*=\s*(\d+)`).FindStringSubmatch(fyneAppTOML); m != nil {
		b.Number = m[1]
	}
	return b
}

// started is when main began, for the startup probe.
var started = time.Now()

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	args := os.Args[1:]
	// A command (after an optional --data DIR, which it honours) runs
	// headless; anything else opens the window.
	if code, ran := commands.Dispatch(ctx, commands.Env{Stdout: os.Stdout, Stderr: os.Stderr, Build: build(), Log: log}, args); ran {
		os.Exit(code)
	}
	fs := flag.NewFlagSet("yichuang", flag.ContinueOnError)
	data := fs.String("data", "", "数据目录")
	shots := fs.String("screenshots", "", "把每个界面截图保存到此目录后退出")
	probe := fs.Bool("startup-probe", false, "首屏可用后打印启动耗时并退出（测量用）")
	idle := fs.String("idle-probe", "", "在全新数据目录中登录演示账户，进入空闲状态 focused、dialog、dialog-entry 或 none 后等待（测量 CPU 用，见 scripts/idle-cpu.sh）")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintln(os.Stderr, "用法：yichuang [--data 数据目录]；运行 yichuang help 查看命令")
		os.Exit(2)
	}
	if fs.NArg() > 0 { // the window's options before a command: neither is guessed at
		fmt.Fprintf(os.Stderr, "用法错误：窗口的选项不能与命令“%s”同用；命令前只能写 --data 数据目录\n", fs.Arg(0))
		os.Exit(2)
	}
	if *shots != "" || *idle != "" {
		// Screenshots and the idle probe log in demo accounts whose
		// passwords are in this binary: only ever in a throw-away directory.
		dir, cleanup, err := datadir.Throwaway(*data)
		if err != nil {
			fmt.Fprintln(os.Stderr, "错误："+hall.ErrorMessage(err))
			os.Exit(2)
		}
		code := runWindow(ctx, log, dir, *shots, *probe, *idle)
		cleanup()
		os.Exit(code)
	}
	os.Exit(runWindow(ctx, log, *data, *shots, *probe, *idle))
}
