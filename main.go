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
	if len(args) > 0 && commands.IsCommand(args[0]) {
		os.Exit(commands.Run(ctx, commands.Env{Stdout: os.Stdout, Stderr: os.Stderr, Build: build(), Log: log}, args))
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
	if fs.NArg() > 0 { // an unknown command: say so rather than open the window
		os.Exit(commands.Run(ctx, commands.Env{Stdout: os.Stdout, Stderr: os.Stderr, Build: build(), Log: log}, fs.Args()))
	}
	os.Exit(runWindow(ctx, log, *data, *shots, *probe, *idle))
}
