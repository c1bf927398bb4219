package cli

import (
	"context"
	"fmt"

	"yichuang/documents"
	"yichuang/hall"
)

func init() {
	register(command{"document", "document [--data DIR] 办件编号",
		"重新生成办件的受理回执、不予受理通知书或一次性告知书（PDF），打印文件路径", runDocument})
}

// runDocument writes again every notice a case was given, from the case
// and the facts frozen into its events: the same documents as on the day.
func runDocument(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "document")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"请给出一个办件编号"}
	}
	no := fs.Arg(0)
	if !hall.ValidCaseNumber(no) {
		return hall.Errorf(hall.EInvalid, "“%s”不是有效的办件编号（如 341122-20261123-01-0001）", no)
	}
	desk, err := OpenDesk(ctx, *data, env.Log)
	if err != nil {
		return err
	}
	defer desk.Close()
	list, err := desk.DB.Cases().ListCases(ctx, hall.CaseFilter{Limit: 1 << 30})
	if err != nil {
		return err
	}
	for _, cs := range list {
		if cs.No != no {
			continue
		}
		c, evs, err := desk.DB.Cases().Case(ctx, cs.ID)
		if err != nil {
			return err
		}
		n := 0
		for _, ev := range evs {
			at, notice, ok := documents.ForEvent(c, ev)
			if !ok {
				continue
			}
			path, err := documents.Write(desk.Dir.Path, at, notice)
			if err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, path)
			n++
		}
		if n == 0 {
			return hall.Errorf(hall.ENotFound, "办件 %s 没有出具过文书（只登记了收件）", no)
		}
		return nil
	}
	return hall.Errorf(hall.ENotFound, "本窗口没有办件 %s", no)
}
