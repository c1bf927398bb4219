package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"yichuang/catalog/catalogio"
	"yichuang/commands"
	"yichuang/hall"
)

func runCatalogGenerate(_ context.Context, env Env, args []string) error {
	fs, _ := flags(env, "catalog generate")
	n := fs.Int("items", 100000, "事项数")
	seed := fs.Uint64("seed", 1, "随机种子（同一种子生成同一目录）")
	if err := commands.ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || !slices.Contains([]string{".json", ".csv", ".xlsx"}, strings.ToLower(filepath.Ext(fs.Arg(0)))) {
		return commands.UsageError{Msg: "请给出一个 .json、.csv 或 .xlsx 输出文件"}
	}
	if err := writeCatalog(fs.Arg(0), catalogio.Synthetic(*n, *seed)); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已生成 %d 项：%s\n", *n, fs.Arg(0))
	return nil
}

// writeCatalog writes items in the format path's extension names.
func writeCatalog(path string, items []hall.Item) error {
	if err := catalogio.WriteFile(path, items); err != nil {
		return hall.Wrap(hall.EInvalid, err, "无法写入文件 %s", path)
	}
	return nil
}
