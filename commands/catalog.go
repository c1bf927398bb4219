package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"yichuang/desk"
	"yichuang/hall"
)

const catalogUsage = `yichuang catalog import [--data DIR] [--full] FILE    导入 .json、.csv（UTF-8 或 GBK）或 .xlsx；--full：文件是完整清单，清单外的事项标记为已取消
yichuang catalog search [--data DIR] [--json] [--dept 部门] [--type 01] [--limit N] 查询词   与窗口相同的检索
（生成模拟目录、测量导入与检索：yichuang-bench catalog generate|bench）`

func runCatalog(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return UsageError{"请给出子命令：\n" + catalogUsage}
	}
	switch args[0] {
	case "import":
		return runCatalogImport(ctx, env, args[1:])
	case "search":
		return runCatalogSearch(ctx, env, args[1:])
	case "generate", "bench":
		return UsageError{"窗口程序没有 catalog " + args[0] + "：它已移到 yichuang-bench catalog " + args[0] + "（测试与测量工具，不随窗口程序发布）"}
	case "help", "-h", "--help":
		fmt.Fprintln(env.Stdout, catalogUsage)
		return nil
	}
	return UsageError{"未知的子命令“" + args[0] + "”：\n" + catalogUsage}
}

func runCatalogImport(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "catalog import")
	full := fs.Bool("full", false, "完整清单：清单外的在用事项标记为已取消")
	as := fs.String("as", "", "设置了账号的窗口：以此管理员账号执行")
	pwFile := fs.String("password-file", "", "从文件读取 --as 账号的密码")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return UsageError{"请给出一个事项目录文件"}
	}
	file := fs.Arg(0)
	if _, err := os.Stat(file); err != nil { // before a data directory is opened
		return hall.Wrap(hall.EInvalid, err, "无法读取文件 %s", file)
	}
	ctx, dk, done, err := openAs(ctx, env, *data, *as, *pwFile, hall.PermImportCatalog, "导入事项目录")
	if err != nil {
		return err
	}
	defer done()
	res, err := dk.ImportFile(ctx, file, *full) // streamed, checked as it goes, one transaction
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "导入完成：新增 %d 项，更新 %d 项，未变 %d 项，取消 %d 项\n",
		res.Added, res.Updated, res.Unchanged, res.Withdrawn)
	return nil
}

// searchRow is one result of `catalog search --json`.
type searchRow struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	Department   string `json:"department"`
	BasicCode    string `json:"basic_code"`
	TaskCode     string `json:"task_code"`
	Type         string `json:"type"`
	TypeName     string `json:"type_name"`
	Status       string `json:"status"`
	PromiseLimit string `json:"promise_limit"`
	Match        string `json:"match"`
	MatchField   string `json:"match_field"`
	MatchText    string `json:"match_text"`
}

func runCatalogSearch(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "catalog search")
	asJSON := fs.Bool("json", false, "以 JSON 数组输出")
	dept := fs.String("dept", "", "只查此实施部门")
	typ := fs.String("type", "", "只查此事项类型（代码，如 01）")
	limit := fs.Int("limit", 20, "最多列出几项")
	if err := ParseFlags(fs, args); err != nil {
		return err
	}
	dk, err := desk.Open(ctx, *data, env.Log)
	if err != nil {
		return err
	}
	defer dk.Close()
	hallCode, err := dk.DB.Setting(ctx, hall.SettingHallCode)
	if err != nil {
		return err
	}
	q := hall.SearchQuery{Text: strings.Join(fs.Args(), " "), Department: *dept, Type: hall.ItemType(*typ),
		Near: hallCode[:min(6, len(hallCode))], Limit: max(1, *limit)}
	res, err := dk.DB.Catalog().Search(ctx, q)
	if err != nil {
		return err
	}
	if *asJSON {
		rows := []searchRow{}
		for _, h := range res.Hits {
			rows = append(rows, searchRow{Code: h.Code, Name: h.Name, Department: h.Department, BasicCode: h.BasicCode,
				TaskCode: h.TaskCode, Type: string(h.Type), TypeName: h.TypeName, Status: string(h.Status),
				PromiseLimit: h.PromiseLimit.String(), Match: h.Match.String(), MatchField: h.MatchField, MatchText: h.MatchText})
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	fmt.Fprintf(env.Stdout, "共 %d 项，列出前 %d 项\n", res.Total, len(res.Hits))
	for _, h := range res.Hits {
		tag := ""
		if h.Status == hall.ItemWithdrawn {
			tag = "【已取消】"
		}
		fmt.Fprintf(env.Stdout, "%s%s　%s　承诺%s　编码 %s　[%s：%s]\n", tag, h.Name, h.Department,
			h.PromiseLimit.String(), h.Code, h.MatchField, h.MatchText)
	}
	return nil
}
