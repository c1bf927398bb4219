package commands

import (
	"context"
	"fmt"

	"yichuang/documents"
	"yichuang/hall"
	"yichuang/store/sqlite"
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
		key, err := dk.DB.FileKey(ctx)
		if err != nil {
			return err
		}
		n, own := 0, 0
		if c.Bundle != nil { // 一件事: the intake's one notice, listing every case
			if evs, err = writeBundleDocument(ctx, env, dk.Dir.Path, key, dk.DB.Cases(), c, evs); err != nil {
				return err
			}
			n++
		}
		for _, ev := range evs {
			at, notice, ok := documents.ForEvent(c, ev)
			if !ok {
				continue
			}
			if own++; own == 1 && c.Bundle != nil {
				fmt.Fprintf(env.Stdout, "办件 %s 此后自己的文书：\n", c.No)
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

// writeBundleDocument writes again the one notice of the intake that opened
// c with the other cases of its bundle (一件事): each case as its intake
// decision left it, with that decision's facts, the same document as on the
// day whichever case's number was given. It says so on stdout, before the
// document's path, and returns c's events after that decision, whose
// notices (补正 received, 办结, 出件 …) are c's own.
func writeBundleDocument(ctx context.Context, env Env, dir string, key []byte, cs *sqlite.Cases, c *hall.Case,
	evs []hall.Event) ([]hall.Event, error) {
	members, err := cs.BundleCases(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	var at []*hall.Case
	var notices []hall.Notice
	rest := evs
	for _, m := range members {
		mevs := evs
		if m.ID != c.ID {
			if _, mevs, err = cs.Case(ctx, m.ID); err != nil {
				return nil, err
			}
		}
		for i, ev := range mevs {
			k, n, ok := documents.ForEvent(m, ev)
			if !ok {
				continue
			}
			at, notices = append(at, k), append(notices, n)
			if m.ID == c.ID {
				rest = mevs[i+1:]
			}
			break
		}
	}
	if len(at) != len(members) || len(at) == 0 {
		return nil, hall.Errorf(hall.ENotFound, "办件 %s 所属的一件事“%s”有办件不在本窗口或没有受理时的文书，无法重新生成一件事的文书",
			c.No, c.Bundle.Name)
	}
	path, err := documents.WriteBundle(dir, key, at, notices)
	if err == nil {
		path, err = documents.ViewCopy(path, key)
	}
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(env.Stdout, "办件 %s 属于一件事“%s”（第 %d 件，共 %d 件）：重新生成的是一件事的%s，列出全部 %d 个办件：\n",
		c.No, c.Bundle.Name, c.Bundle.Part, c.Bundle.Of, notices[0].Kind, len(at))
	fmt.Fprintln(env.Stdout, path)
	return rest, nil
}
