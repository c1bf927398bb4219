package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"yichuang/commands"
	"yichuang/hall"
)

// Env is what a tool command gets.
type Env struct {
	Stdout, Stderr io.Writer
	Log            *slog.Logger
}

type tool struct {
	name, usage string
	run         func(ctx context.Context, env Env, args []string) error
}

// tools are the commands that make or load a desk for tests, demos and
// measurements; they are not in the clerk's binary.
var tools = []tool{
	{"seed", "seed --data 新的空目录 --cases N [--scans-every K] [--scan-kb KB] [--seed S]   生成逼真的已受理办件", runSeed},
	{"platform-load", loadUsage, runPlatformLoad},
	{"catalog", "catalog generate --items N FILE.json|.csv|.xlsx | catalog bench [--items N] [--queries N] [--keep DIR] [--cpuprofile F]", runCatalogTool},
}

// runTool runs the tool named by args[0], if there is one, and returns its
// exit code: 0, 1 on an error (in Chinese on stderr), 2 on misuse.
func runTool(ctx context.Context, env Env, args []string) (int, bool) {
	if env.Log == nil {
		env.Log = slog.New(slog.DiscardHandler)
	}
	for _, t := range tools {
		if len(args) == 0 || t.name != args[0] {
			continue
		}
		err := t.run(ctx, env, args[1:])
		var ue commands.UsageError
		switch {
		case err == nil:
			return 0, true
		case errors.As(err, &ue):
			fmt.Fprintf(env.Stderr, "用法错误：%s\n用法：yichuang-bench %s\n", ue.Msg, t.usage)
			return 2, true
		case errors.Is(err, flag.ErrHelp):
			fmt.Fprintf(env.Stderr, "用法：yichuang-bench %s\n", t.usage)
			return 2, true
		}
		fmt.Fprintln(env.Stderr, "错误："+hall.ErrorMessage(err))
		return 1, true
	}
	return 0, false
}

func runCatalogTool(ctx context.Context, env Env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "generate":
			return runCatalogGenerate(ctx, env, args[1:])
		case "bench":
			return runCatalogBench(ctx, env, args[1:])
		}
	}
	return commands.UsageError{Msg: "请给出子命令 generate 或 bench"}
}

// flags makes a tool's flag set with its --data flag (never a default: a
// tool works only on the directory it is given).
func flags(env Env, name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	data := fs.String("data", "", "数据目录")
	return fs, data
}
