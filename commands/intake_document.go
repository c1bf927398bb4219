package commands

import (
	"context"
	"fmt"

	"yichuang/documents"
	"yichuang/hall"
)

// runDocument writes again every notice a case was given, from the case
// and the facts frozen into its events: the same documents as on the day.
func runDocument(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "document")
	as := fs.String("as", "", "设置了账号的窗口：以此账号执行（须能查看办件）")
	pwFile := fs.String("password-file", "", "从文件读取 --as 账号的密码")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return UsageError{"请给出一个办件编号"}
	}
	no := fs.Arg(0)
	if !hall.ValidCaseNumber(no) {
		return hall.Errorf(hall.EInvalid, "“%s”不是有效的办件编号（如 341122-20261123-01-0001）", no)
	}
	ctx, dk, done, err := openAs(ctx, env, *data, *as, *pwFile, hall.PermViewCases, "重新生成文书")
	if err != nil {
		return err
	}
	defer done()
	list, err := dk.DB.Cases().ListCases(ctx, hall.CaseFilter{Limit: 1 << 30})
	if err != nil {
		return err
	}
	for _, cs := range list {
		if cs.No != no {
			continue
		}
		c, evs, err := dk.DB.Cases().Case(ctx, cs.ID)
		if err != nil {
			return err
		}
		n := 0
		for _, ev := range evs {
			at, notice, ok := documents.ForEvent(c, ev)
			if !ok {
				continue
			}
			key, err := dk.DB.FileKey(ctx)
			if err != nil {
				return err
			}
			path, err := documents.Write(dk.Dir.Path, key, at, notice)
			if err == nil { // sealed in documents/: the copy to open is the user's own
				path, err = documents.ViewCopy(path, key)
			}
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
