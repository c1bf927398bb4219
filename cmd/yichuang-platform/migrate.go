package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"yichuang/hall"
	"yichuang/platform/backup"
	"yichuang/platform/store"
)

// runMigrate copies a pilot's SQLite platform into an empty PostgreSQL
// database (docs/adr/0024): in one transaction, checked
// before it commits, under the pilot's own key. The pilot must be stopped;
// its data directory (the scans) is the one the PostgreSQL instances serve
// with --data afterwards.
func runMigrate(ctx context.Context, args []string, out io.Writer) error {
	fs, pl := flags("migrate")
	from := fs.String("from", "", "试点平台的 SQLite 数据库文件（默认 DIR/platform.db）")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError("migrate 不接受其他参数：" + fs.Arg(0))
	}
	if !store.IsPostgres(*pl.db) {
		return usageError("请用 --db postgres://… 给出迁移目标（一个空的 PostgreSQL 数据库）")
	}
	src := *from
	if src == "" {
		src = filepath.Join(*pl.data, "platform.db")
	}
	if held, _ := store.Holds(ctx, src); !held {
		return hall.Errorf(hall.ENotFound, "没有试点平台的数据库 %s：请用 --data 指定试点平台的数据目录，或用 --from 指定其 platform.db", src)
	}
	// The pilot's server holds its data directory's lock while it runs:
	// what it wrote during the copy would be missing from it.
	release, err := backup.Hold(filepath.Dir(src))
	if hall.ErrorCode(err) == hall.ELocked {
		return hall.Errorf(hall.ELocked, "试点平台正在运行（数据目录 %s 已被它锁定）：请先停止试点平台的 serve，再迁移", filepath.Dir(src))
	}
	if err != nil {
		return err
	}
	defer release()
	key, err := store.LoadKeyFile(pl.keyFile(), false)
	if err != nil {
		return err
	}
	// Open checks the key's fingerprint against the pilot's and brings an
	// older pilot's tables up to this version before anything is copied.
	pilot, err := store.Open(ctx, src, key)
	if err != nil {
		if c := hall.ErrorCode(err); c != "" && c != hall.EInternal {
			return err
		}
		return hall.Wrap(hall.EInternal, err, "无法打开试点平台的数据库 %s", src)
	}
	defer pilot.Close()
	rep, err := pilot.CopyTo(ctx, *pl.db)
	if err != nil {
		return err
	}
	// The copy opens under the same key, or the move has failed.
	pg, err := store.Open(ctx, *pl.db, key)
	if err != nil {
		return hall.Wrap(hall.EInternal, err, "迁移已提交，但 PostgreSQL 中的平台数据无法用同一密钥打开")
	}
	defer pg.Close()
	fmt.Fprintf(out, "已将试点平台 %s 迁移到 PostgreSQL（一个事务，用时 %.1f 秒）：\n", src, rep.Took.Seconds())
	for _, t := range rep.Tables {
		fmt.Fprintf(out, "  %-18s %d 行\n", t.Name, t.Rows)
	}
	fmt.Fprintf(out, "校验：各表行数相同，%d 件办件逐件哈希（办件、事件、文件）一致；变更日志编号至 %d，窗口的同步游标照常继续。\n",
		rep.Cases, rep.Changes)
	fmt.Fprintf(out, "密钥指纹 %s 与试点平台相同。扫描件仍在 %s：各平台实例须以 --data 共享这个目录（同一路径）。\n",
		key.ID(), filepath.Join(*pl.data, "files"))
	return nil
}
