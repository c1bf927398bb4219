package commands

import (
	"context"
	"fmt"

	"yichuang/hall"
)

// runUrge sends a 督办 from the command line, as a supervisor does from
// 时限监督 (docs/adr/0020): recorded with its outbox entry, sent at the next
// sync; or, with --list, prints the 督办 this desk received and sent.
func runUrge(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "urge")
	no := fs.String("case", "", "办件编号")
	reason := fs.String("reason", "", "督办事由")
	by := fs.String("reply-by", "", "回复期限 YYYY-MM-DD")
	list := fs.Bool("list", false, "列出本窗口收到和发出的督办")
	as := fs.String("as", "", "以此账号执行（监督人员或管理员）")
	pwFile := fs.String("password-file", "", "从文件读取 --as 账号的密码")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	if !*list && (*no == "" || *reason == "" || *by == "") {
		return UsageError{"--case、--reason 和 --reply-by 都必须给出（或用 --list 列出督办）"}
	}
	perm, what := hall.PermSupervise, "发出督办"
	if *list {
		perm, what = hall.PermViewCases, "查看督办"
	}
	ctx, dk, done, err := openAs(ctx, env, *data, *as, *pwFile, perm, what)
	if err != nil {
		return err
	}
	defer done()
	if *list {
		for _, incoming := range []bool{true, false} {
			us, err := dk.DB.Cases().Urges(ctx, incoming, false)
			if err != nil {
				return err
			}
			dir := "发出"
			if incoming {
				dir = "收到"
			}
			for _, u := range us {
				reply := "未回复"
				if u.Answered() {
					reply = "回复（" + u.RepliedBy + "）：" + u.Reply
				}
				fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s前回复\t%s\t%s\n", dir, u.CaseNo, u.By, u.ReplyBy, u.Reason, reply)
			}
		}
		return nil
	}
	u, err := dk.DB.Cases().SendUrge(ctx, *no, *reason, *by)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已对办件 %s 发出督办（%s 前回复），将随下次同步送达办理窗口\n", u.CaseNo, u.ReplyBy)
	return nil
}
