package commands

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"yichuang/collate"
	"yichuang/desk"
	"yichuang/documents"
	"yichuang/export"
	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/hall/report"
	"yichuang/hall/supervision"
)

// runReport writes the monthly report of --month (with the month before
// beside it) to --out, counted as 时限监督 counts.
func runReport(ctx context.Context, env Env, args []string) error {
	fs, data := flags(env, "report")
	month := fs.String("month", "", "月份 YYYY-MM")
	out := fs.String("out", "", "输出文件（.xlsx 或 .pdf）")
	as := fs.String("as", "", "设置了账号的窗口：以此账号执行（监督人员或管理员）")
	pwFile := fs.String("password-file", "", "从文件读取 --as 账号的密码")
	scopeFlag := fs.String("scope", "本窗口", "范围：本窗口、本大厅、下辖，或下辖某乡镇大厅的编码")
	if err := parseNoArgs(fs, args); err != nil {
		return err
	}
	scope, err := parseScope(*scopeFlag)
	if err != nil {
		return err
	}
	if *month == "" || *out == "" {
		return UsageError{"--month 和 --out 都必须给出"}
	}
	m, err := report.ParseMonth(*month)
	if err != nil {
		return err
	}
	if ext := strings.ToLower(filepath.Ext(*out)); ext != ".xlsx" && ext != ".pdf" {
		return hall.Errorf(hall.EInvalid, "输出文件（--out）“%s”应以 .xlsx 或 .pdf 结尾", *out)
	}
	ctx, dk, done, err := openAs(ctx, env, *data, *as, *pwFile, hall.PermExport, "生成月度报告")
	if err != nil {
		return err
	}
	defer done()
	r, err := MonthlyReportIn(ctx, dk, m, calendar.Today(hall.SystemClock), scope)
	if err != nil {
		return err
	}
	return writeReportFile(*out, r, env.Stdout)
}

// writeReportFile writes r to path, as a PDF when path ends in .pdf and a
// workbook otherwise, beside it first and then renamed: a half-written file
// never takes the place of a good one.
func writeReportFile(path string, r report.Report, stdout io.Writer) error {
	var buf bytes.Buffer
	if strings.EqualFold(filepath.Ext(path), ".pdf") {
		b, err := documents.RenderMonthly(r, hall.SystemClock())
		if err != nil {
			return err
		}
		buf.Write(b)
	} else if err := export.WriteMonthly(&buf, r); err != nil {
		return err
	}
	tmp := path + ".part"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return hall.Wrap(hall.EInvalid, err, "无法写入输出文件（--out）“%s”", path)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return hall.Wrap(hall.EInvalid, err, "无法写入输出文件（--out）“%s”", path)
	}
	fmt.Fprintf(stdout, "%s 月度报告：受理 %d 件，办结 %d 件，按时办结率 %.2f%%，超期 %d 件 → %s\n", r.This.Month,
		r.This.Total.Cases, r.This.Total.Finished, r.This.Total.OnTimeRate()*100, r.This.Total.Overdue, path)
	return nil
}

// MonthlyReport counts month m at the desk as 时限监督 counts on today: the
// desk's light settings, the cases accepted in m and the month before.
func MonthlyReport(ctx context.Context, dk *desk.Desk, m report.Month, today calendar.Date) (report.Report, error) {
	return MonthlyReportIn(ctx, dk, m, today, supervision.Scope{})
}

// MonthlyReportIn is MonthlyReport over a scope: 本窗口 (the zero scope),
// 本大厅 or 下辖 from the platform's supervision feed (docs/adr/0020).
func MonthlyReportIn(ctx context.Context, dk *desk.Desk, m report.Month, today calendar.Date, scope supervision.Scope) (report.Report, error) {
	set := supervision.DefaultSettings()
	if raw, err := dk.DB.Setting(ctx, supervision.SettingKey); err == nil {
		if s, err := supervision.ParseSettings(raw); err == nil {
			set = s
		}
	}
	snap, err := dk.DB.Cases().Supervise(ctx, supervision.Query{From: m.Prev().First(), To: m.Last(), Scope: scope})
	if err != nil {
		return report.Report{}, err
	}
	r := report.Build(snap, m, today, set)
	r.Order(collate.Compare)
	reasons, err := dk.DB.Cases().OverdueReasons(ctx, r.OverdueNos())
	if err != nil {
		return report.Report{}, err
	}
	r.SetReasons(reasons)
	r.Hall, _ = dk.DB.Setting(ctx, hall.SettingHallName)
	r.Hall += scopeSuffix(scope)
	return r, nil
}

// parseScope reads --scope: 本窗口, 本大厅, 下辖, or a hall code below.
func parseScope(s string) (supervision.Scope, error) {
	switch s {
	case "", "本窗口", "desk":
		return supervision.Scope{}, nil
	case "本大厅", "hall":
		return supervision.Scope{Kind: supervision.ScopeHall}, nil
	case "下辖", "under":
		return supervision.Scope{Kind: supervision.ScopeUnder}, nil
	}
	if hallCodeRE.MatchString(s) {
		return supervision.Scope{Kind: supervision.ScopeUnder, Hall: s}, nil
	}
	return supervision.Scope{}, hall.Errorf(hall.EInvalid, "“范围”（--scope）应为 本窗口、本大厅、下辖 或下辖大厅的6至12位编码，现为“%s”", s)
}

var hallCodeRE = regexp.MustCompile(`^[0-9]{6,12}$`)

// scopeSuffix names a scope after the hall's name in a report's title.
func scopeSuffix(s supervision.Scope) string {
	switch {
	case s.Kind == supervision.ScopeHall:
		return "（本大厅）"
	case s.Kind == supervision.ScopeUnder && s.Hall != "":
		return "（下辖 " + s.Hall + "）"
	case s.Kind == supervision.ScopeUnder:
		return "（下辖）"
	}
	return ""
}
