package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/user"
	"strconv"
	"strings"
	"time"

	"yichuang/hall"
	"yichuang/platform/backup"
	"yichuang/platform/store"
)

func runDesk(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list" && args[0] != "replace") {
		return usageError("desk 只支持 add、replace 和 list")
	}
	fs, pl := flags("desk")
	hallCode := fs.String("hall", "", "大厅编码（6至12位数字）")
	deskCode := fs.String("desk", "", "窗口编码（2至4位数字或大写字母）")
	name := fs.String("name", "", "大厅名称")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if args[0] == "add" && (*hallCode == "" || *deskCode == "") {
		return usageError("--hall 和 --desk 都必须给出")
	}
	st, err := openStore(ctx, pl, args[0] == "add")
	if err != nil {
		return err
	}
	defer st.Close()
	if args[0] == "list" {
		desks, err := st.Desks(ctx)
		if err != nil {
			return err
		}
		for _, d := range desks {
			state := "待注册"
			if d.Registered {
				state = "已注册"
			}
			fmt.Fprintf(out, "%s\t%s\t%s\t%s\t%s\n", d.HallCode, d.DeskCode, state, d.ID, d.HallName)
		}
		return nil
	}
	if args[0] == "replace" {
		if *hallCode == "" || *deskCode == "" {
			return usageError("--hall 和 --desk 都必须给出")
		}
		return replaceDesk(ctx, st, *hallCode, *deskCode, out)
	}
	code, err := st.AddDesk(ctx, *hallCode, *deskCode, *name)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "窗口 %s-%s 的一次性注册码（7 天内有效，用于 yichuang register --platform 平台地址 --code 注册码）：\n%s\n",
		*hallCode, *deskCode, code)
	return nil
}

func runCatalog(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "publish" {
		return usageError("catalog 只支持 publish")
	}
	fs, pl := flags("catalog")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("请给出一个事项目录文件")
	}
	b, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return hall.Wrap(hall.EInvalid, err, "无法读取文件 %s", fs.Arg(0))
	}
	var items []hall.Item
	if err := json.Unmarshal(b, &items); err != nil {
		return hall.Wrap(hall.EInvalid, err, "%s 不是事项数组 JSON", fs.Arg(0))
	}
	st, err := openStore(ctx, pl, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.PublishItems(ctx, items); err != nil {
		return err
	}
	fmt.Fprintf(out, "已发布 %d 个事项，各窗口下次同步时更新\n", len(items))
	return nil
}

func runCalendar(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "publish" {
		return usageError("calendar 只支持 publish")
	}
	fs, pl := flags("calendar")
	year := fs.Int("year", 0, "年份（文件为单年格式时必填）")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("请给出一个节假日表文件")
	}
	b, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return hall.Wrap(hall.EInvalid, err, "无法读取文件 %s", fs.Arg(0))
	}
	tables, err := calendarTables(b, *year)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, pl, false)
	if err != nil {
		return err
	}
	defer st.Close()
	for y, t := range tables {
		if err := st.PublishCalendar(ctx, y, t); err != nil {
			return err
		}
		fmt.Fprintf(out, "已发布 %d 年节假日表\n", y)
	}
	return nil
}

// calendarTables reads a per-year table (with year) or the bundled
// multi-year shape {"2027": {...}}.
func calendarTables(b []byte, year int) (map[int]json.RawMessage, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, hall.Wrap(hall.EInvalid, err, "节假日表不是 JSON 对象")
	}
	if _, single := probe["off"]; single {
		if year == 0 {
			return nil, usageError("单年格式的节假日表须用 --year 给出年份")
		}
		return map[int]json.RawMessage{year: b}, nil
	}
	out := map[int]json.RawMessage{}
	for k, v := range probe {
		y, err := strconv.Atoi(k)
		if err != nil {
			return nil, hall.Errorf(hall.EInvalid, "节假日表年份“%s”不是数字", k)
		}
		out[y] = v
	}
	return out, nil
}

func runUser(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return usageError("user 只支持 add")
	}
	fs, pl := flags("user")
	u := hall.PlatformUser{Active: true}
	fs.StringVar(&u.Hall, "hall", "", "大厅编码")
	fs.StringVar(&u.ID, "id", "", "用户编号")
	fs.StringVar(&u.Name, "name", "", "姓名")
	fs.StringVar(&u.Role, "role", "窗口人员", "角色")
	inactive := fs.Bool("inactive", false, "停用该用户")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	u.Active = !*inactive
	st, err := openStore(ctx, pl, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.PublishUser(ctx, u); err != nil {
		return err
	}
	fmt.Fprintf(out, "已发布用户 %s（%s）\n", u.ID, u.Name)
	return nil
}

var decideActions = map[string]hall.Action{
	"review": hall.ActStartReview, "special-start": hall.ActStartSpecial,
	"special-end": hall.ActEndSpecial, "decide": hall.ActDecide,
}

func runDecide(ctx context.Context, args []string, out io.Writer) error {
	fs, pl := flags("decide")
	no := fs.String("case", "", "办件编号")
	action := fs.String("action", "", "review | special-start | special-end | decide")
	result := fs.String("result", "", "办结结果：出证办结、退回、作废、准予许可、不予许可")
	reason := fs.String("reason", "", "理由或说明")
	actor := fs.String("actor", "后台审批", "经办人")
	promise := fs.String("promise-due", "", "新的承诺办结日期 YYYY-MM-DD（特别程序结束时）")
	if err := parse(fs, args); err != nil {
		return err
	}
	act, ok := decideActions[*action]
	if *no == "" || !ok {
		return usageError("--case 和 --action（" + strings.Join([]string{"review", "special-start", "special-end", "decide"}, "、") + "）必须给出")
	}
	st, err := openStore(ctx, pl, false)
	if err != nil {
		return err
	}
	defer st.Close()
	ev, err := st.Decide(ctx, *no, hall.Event{Action: act, Actor: *actor, Reason: *reason,
		Result: hall.Result(*result), PromiseDue: *promise})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "办件 %s：%s（%s → %s），窗口下次同步时收到\n", *no, act.Name(), ev.From, ev.To)
	return nil
}

func runCase(ctx context.Context, args []string, out io.Writer) error {
	fs, pl := flags("case")
	name := fs.String("name", "", "按申请人姓名或名称（完整）查找")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (*name == "") == (fs.NArg() != 1) {
		return usageError("请给出一个办件编号，或用 --name 给出申请人姓名")
	}
	st, err := openStore(ctx, pl, false)
	if err != nil {
		return err
	}
	defer st.Close()
	who := "cli"
	if u, err := user.Current(); err == nil {
		who = "cli:" + u.Username
	}
	if *name != "" {
		return printCasesByName(ctx, st, *name, who, out)
	}
	v, err := st.ViewCase(ctx, fs.Arg(0), who, "")
	if err != nil {
		return err
	}
	return printJSON(out, v)
}

// printCasesByName lists the cases of an applicant found by exact name,
// one a line: number, state, item, desk, applicant, last change.
func printCasesByName(ctx context.Context, st *store.Store, name, who string, out io.Writer) error {
	found, more, err := st.CasesByName(ctx, name, who)
	if err != nil {
		return err
	}
	if len(found) == 0 {
		fmt.Fprintf(out, "平台上没有申请人为“%s”的办件（按完整姓名或名称查找）\n", strings.TrimSpace(name))
		return nil
	}
	for _, m := range found {
		fmt.Fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\n", m.No, m.State, m.ItemName, m.DeskID, m.Applicant, m.Updated.Format(time.RFC3339))
	}
	if more {
		fmt.Fprintf(out, "只列出最近的 %d 件，还有更多\n", len(found))
	}
	return nil
}

func runViews(ctx context.Context, args []string, out io.Writer) error {
	fs, pl := flags("views")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError("views 不接受参数")
	}
	st, err := openStore(ctx, pl, false)
	if err != nil {
		return err
	}
	defer st.Close()
	views, err := st.CaseViews(ctx)
	if err != nil {
		return err
	}
	for _, v := range views {
		fmt.Fprintf(out, "%s\t%s\t%s\t%s\n", v.At.Format(time.RFC3339), v.Viewer, v.CaseNo, v.Outcome)
	}
	return nil
}

func runStats(ctx context.Context, args []string, out io.Writer) error {
	fs, pl := flags("stats")
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, pl, false)
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	return printJSON(out, s)
}

func printJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// runKey rotates the platform key: a new key file is written (it must not
// exist), everything sealed is re-sealed under it in one transaction, and
// the old file may then be destroyed. The server must be stopped.
func runKey(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "rotate" {
		return usageError("key 只支持 rotate")
	}
	fs, pl := flags("key")
	newKey := fs.String("new-key", "", "新密钥文件（须不存在）")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *newKey == "" {
		return usageError("请用 --new-key 给出新密钥文件的路径")
	}
	if _, err := os.Stat(*newKey); err == nil {
		return hall.Errorf(hall.EConflict, "新密钥文件 %s 已存在：不会覆盖任何密钥文件", *newKey)
	}
	st, err := openStore(ctx, pl, false)
	if err != nil {
		return err
	}
	defer st.Close()
	next, err := store.NewKey()
	if err != nil {
		return err
	}
	if err := store.WriteKeyFile(*newKey, next); err != nil {
		return err
	}
	n, err := st.Rekey(ctx, next)
	if err != nil {
		_ = os.Remove(*newKey)
		return hall.Wrap(hall.EInternal, err, "换用新密钥失败，数据库未改动，仍用原密钥 %s", pl.keyFile())
	}
	fmt.Fprintf(out, "已用新密钥（指纹 %s）重新加密 %d 项。今后启动平台请用 --key %s；确认可用后销毁原密钥文件 %s。\n",
		next.ID(), n, *newKey, pl.keyFile())
	return nil
}

// runSealCheck runs the whole pass that seals what was written in clear,
// which an open skips once the store is marked sealed (docs/adr/0013): for
// a store an older platform binary has written to since. It holds one
// write transaction for its scan, so on SQLite it refuses while the
// server holds the data directory (its writers would time out behind it);
// on PostgreSQL the instances go on beside it.
func runSealCheck(ctx context.Context, args []string, out io.Writer) error {
	fs, pl := flags("seal-check")
	if err := parse(fs, args); err != nil {
		return err
	}
	if !store.IsPostgres(pl.target()) {
		release, err := backup.Hold(*pl.data)
		if hall.ErrorCode(err) == hall.ELocked {
			return hall.Errorf(hall.ELocked, "平台服务正在运行（数据目录 %s 已被它锁定）：请先停止平台服务，再执行 seal-check", *pl.data)
		}
		if err != nil {
			return err
		}
		defer release()
	}
	st, err := openStore(ctx, pl, false)
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := st.SealCheck(ctx)
	if err != nil {
		return hall.Wrap(hall.EInternal, err, "封存检查失败")
	}
	rep = rep.Add(st.SealedAtOpen()) // a store never marked is sealed by its open already
	if rep.Total() == 0 {
		fmt.Fprintln(out, "已检查全部窗口密钥、办件、办件事件和审计记录：没有以明文写入的内容，未作改动。")
		return nil
	}
	fmt.Fprintf(out, "已检查全部数据，加密封存以明文写入的内容：窗口密钥 %d 个，办件 %d 件，办件事件 %d 条，审计记录 %d 条。\n",
		rep.Secrets, rep.Cases, rep.Events, rep.Audit)
	return nil
}
