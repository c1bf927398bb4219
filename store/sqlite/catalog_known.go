package sqlite

import (
	"context"
	"fmt"
	"strings"

	"yichuang/hall"
)

type upsert int

const (
	unchanged upsert = iota
	added
	updated
)

// upsertItem applies one entry the platform sent, through importBatch.
func upsertItem(ctx context.Context, tx *Tx, it *hall.Item) (upsert, error) {
	res, err := importBatch(ctx, tx, []hall.Item{*it}, hall.ImportOptions{Source: "平台"})
	switch {
	case err != nil:
		return unchanged, err
	case res.Added > 0:
		return added, nil
	case res.Updated > 0:
		return updated, nil
	}
	return unchanged, nil
}

// loadKnown reads what the batch may match: every stored entry for a big
// batch or a full list, else only the entries the batch names by code or
// 实施编码 (a pull of a few changes must not read 100,000 rows).
func loadKnown(ctx context.Context, tx *Tx, items []hall.Item, all bool) (byCode, byTask map[string]*known, err error) {
	byCode, byTask = map[string]*known{}, map[string]*known{}
	const q = `SELECT i.code, i.task_code, i.handle_code, i.status, i.version, coalesce(s.hash, '')
		FROM items i LEFT JOIN item_search s ON s.code = i.code`
	read := func(where string, args ...any) error {
		rows, err := tx.QueryContext(ctx, q+where, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			k := &known{}
			var task, handle string
			if err := rows.Scan(&k.code, &task, &handle, &k.status, &k.version, &k.hash); err != nil {
				return err
			}
			k.task = taskKey(task, handle)
			byCode[k.code], byTask[k.task] = k, k
		}
		return rows.Err()
	}
	if all || len(items) > 500 {
		return byCode, byTask, read("")
	}
	for i := range items {
		if err := read(" WHERE i.code = ? OR (i.task_code = ? AND i.handle_code = ?)",
			items[i].Code, items[i].TaskCode, items[i].HandleCode); err != nil {
			return nil, nil, err
		}
	}
	return byCode, byTask, nil
}

// taskKey is what names an entry besides its code: the 实施编码 with the
// 业务办理项编码, since a province lists each 办理项 of an item as an entry
// of its own under one 实施编码.
func taskKey(task, handle string) string { return task + "\x00" + handle }

// describeTask names an entry's taskKey for a clerk.
func describeTask(it *hall.Item) string {
	if it.HandleCode == "" {
		return "实施编码 " + it.TaskCode
	}
	return "实施编码 " + it.TaskCode + "、业务办理项编码 " + it.HandleCode
}

// batchError names the first problems of a refused batch, each with the
// entry's position and code.
func batchError(items []hall.Item, probs []hall.ItemProblem, before int) error {
	var b strings.Builder
	for i, p := range probs {
		if i > 0 {
			b.WriteString("；")
		}
		fmt.Fprintf(&b, "第 %d 项（%s）：%s", before+p.Index+1, items[p.Index].Code, p.Message)
	}
	return hall.Errorf(hall.EInvalid, "事项目录有误，未导入任何事项。%s", b.String())
}
