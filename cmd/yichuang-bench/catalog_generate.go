package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
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
	if fs.NArg() != 1 || !strings.HasSuffix(fs.Arg(0), ".json") {
		return commands.UsageError{Msg: "请给出一个 .json 输出文件"}
	}
	if err := writeCatalog(fs.Arg(0), catalogio.Synthetic(*n, *seed)); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已生成 %d 项：%s\n", *n, fs.Arg(0))
	return nil
}

// writeCatalog writes items in the project's JSON format, one per line.
func writeCatalog(path string, items []hall.Item) error {
	f, err := os.Create(path)
	if err != nil {
		return hall.Wrap(hall.EInvalid, err, "无法写入文件 %s", path)
	}
	w := bufio.NewWriter(f)
	w.WriteString("[\n")
	for i := range items {
		b, err := json.Marshal(&items[i])
		if err != nil {
			f.Close()
			return err
		}
		w.Write(b)
		if i < len(items)-1 {
			w.WriteString(",")
		}
		w.WriteString("\n")
	}
	w.WriteString("]\n")
	if err := w.Flush(); err != nil {
		f.Close()
		return hall.Wrap(hall.EInvalid, err, "无法写入文件 %s", path)
	}
	return f.Close()
}
