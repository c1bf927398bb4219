package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"yichuang/assets"
	"yichuang/hall/calendar"
	"yichuang/hall/supervision"
	"yichuang/platform/store"
)

// runHall manages the hall tree (docs/adr/0020): hall add places a hall
// under its parent, hall list prints the tree, hall grant gives a platform
// account a supervision scope, hall revoke takes it away.
func runHall(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || !map[string]bool{"add": true, "list": true, "grant": true, "revoke": true}[args[0]] {
		return usageError("hall 只支持 add、list、grant 和 revoke")
	}
	fs, pl := flags("hall")
	code := fs.String("hall", "", "大厅编码（6至12位数字）")
	name := fs.String("name", "", "大厅名称")
	level := fs.String("level", "", "层级：省、市、县、乡镇、村")
	parent := fs.String("parent", "", "上级大厅编码")
	user := fs.String("user", "", "平台用户编号")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	switch args[0] {
	case "add":
		if *code == "" || *name == "" || *level == "" {
			return usageError("--hall、--name 和 --level 都必须给出")
		}
	case "grant":
		if *user == "" || *code == "" {
			return usageError("--user 和 --hall 都必须给出")
		}
	case "revoke":
		if *user == "" {
			return usageError("--user 必须给出")
		}
	}
	st, err := openStore(ctx, pl, false)
	if err != nil {
		return err
	}
	defer st.Close()
	switch args[0] {
	case "add":
		if err := st.AddHall(ctx, store.Hall{Code: *code, Name: *name, Level: *level, Parent: *parent}); err != nil {
			return err
		}
		fmt.Fprintf(out, "已添加大厅 %s（%s，%s）\n", *code, *name, *level)
	case "grant":
		if err := st.Grant(ctx, *user, *code); err != nil {
			return err
		}
		fmt.Fprintf(out, "用户 %s 可监督大厅 %s 及其下辖大厅\n", *user, *code)
	case "revoke":
		if err := st.Revoke(ctx, *user); err != nil {
			return err
		}
		fmt.Fprintf(out, "已收回用户 %s 的监督范围\n", *user)
	default:
		halls, err := st.Halls(ctx)
		if err != nil {
			return err
		}
		depth := map[string]int{}
		for _, h := range halls {
			d := 0
			if p, ok := depth[h.Parent]; ok && h.Parent != "" {
				d = p + 1
			}
			depth[h.Code] = d
			fmt.Fprintf(out, "%s%s\t%s\t%s\t%s\n", strings.Repeat("  ", d), h.Code, orUnplaced(h.Level), h.Name, h.Parent)
		}
	}
	return nil
}

func orUnplaced(s string) string {
	if s == "" {
		return "未定级"
	}
	return s
}

// runSupervise prints the lights and counts of a subtree, from the same
// feed the desks pull, counted as the desks count them.
func runSupervise(ctx context.Context, args []string, out io.Writer) error {
	fs, pl := flags("supervise")
	root := fs.String("hall", "", "大厅编码：统计该大厅及其下辖大厅")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *root == "" {
		return usageError("--hall 必须给出")
	}
	st, err := openStore(ctx, pl, false)
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := superviseSubtree(ctx, st, *root)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(out, rep)
	}
	fmt.Fprintf(out, "监督范围 %s　统计日 %s　在办 %d 件（绿灯 %d　黄灯 %d　红灯 %d　挂起 %d）　已受理共 %d 件　督办 %d 件（已回复 %d，逾期未复 %d）　评价 %d 次（差评 %d）\n",
		rep.Scope, rep.Day, rep.Total.Open, rep.Total.Green, rep.Total.Yellow, rep.Total.Red, rep.Total.Suspended,
		rep.Total.Cases, rep.Urges.Sent, rep.Urges.Replied, rep.Urges.Late, rep.Total.Rated, rep.Total.BadRated)
	fmt.Fprintln(out, "大厅\t在办\t绿灯\t黄灯\t红灯\t挂起\t办结\t超期\t评价\t差评")
	for _, h := range rep.Halls {
		fmt.Fprintf(out, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", h.Name, h.Open, h.Green, h.Yellow, h.Red, h.Suspended,
			h.Finished, h.Overdue, h.Rated, h.BadRated)
	}
	return nil
}

// subtreeReport is what supervise prints.
type subtreeReport struct {
	Scope string               `json:"scope"`
	Day   string               `json:"day"`
	Total lightCounts          `json:"total"`
	Halls []lightCounts        `json:"halls"`
	Urges supervision.UrgeStat `json:"urges"`
}

type lightCounts struct {
	Name      string `json:"name"`
	Cases     int    `json:"cases"`
	Open      int    `json:"open"`
	Green     int    `json:"green"`
	Yellow    int    `json:"yellow"`
	Red       int    `json:"red"`
	Suspended int    `json:"suspended"`
	Finished  int    `json:"finished"`
	Overdue   int    `json:"overdue"`
	Rated     int    `json:"rated"` // 好差评 given on the hall's cases (every day)
	BadRated  int    `json:"bad_rated"`
}

// addRatings counts each hall's ratings into its row and the total.
func (r *subtreeReport) addRatings(rs []supervision.Rating, names map[string]string) {
	groups, total := supervision.GroupRatings(rs, func(x supervision.Rating) string { return names[supervision.HallOf(x.CaseNo)] })
	r.Total.Rated, r.Total.BadRated = total.Count, total.Bad()
	for _, g := range groups {
		for i := range r.Halls {
			if r.Halls[i].Name == g.Name {
				r.Halls[i].Rated, r.Halls[i].BadRated = g.Count, g.Bad()
			}
		}
	}
}

func countsOf(s supervision.Stat) lightCounts {
	return lightCounts{Name: s.Name, Cases: s.Cases, Open: s.Open, Green: s.Lights[calendar.Green],
		Yellow: s.Lights[calendar.Yellow], Red: s.Lights[calendar.Red], Suspended: s.Lights[calendar.Suspended],
		Finished: s.Finished, Overdue: s.Overdue}
}

func superviseSubtree(ctx context.Context, st *store.Store, root string) (subtreeReport, error) {
	var rep subtreeReport
	cal, err := platformCalendar(ctx, st)
	if err != nil {
		return rep, err
	}
	var cases []supervision.FeedCase
	var halls []supervision.Hall
	cursor := ""
	for {
		page, err := st.SubtreeFeed(ctx, root, cursor, 5000)
		if err != nil {
			return rep, err
		}
		d := page.Domain()
		halls = d.Halls
		cases = append(cases, d.Cases...)
		cursor = page.Cursor
		if !page.More {
			break
		}
	}
	snap := supervision.Snapshot{Calendar: cal, Cases: make([]supervision.Case, 0, len(cases))}
	for i := range cases {
		supervision.Recount(cal, &cases[i])
		if cases[i].AcceptedAt.IsZero() {
			snap.Waiting++
			continue
		}
		snap.Cases = append(snap.Cases, cases[i].Case)
	}
	today := calendar.Today(nil)
	b := supervision.Evaluate(snap, today, supervision.DefaultSettings())
	rows := make([]*supervision.Row, len(b.Rows))
	for i := range b.Rows {
		rows[i] = &b.Rows[i]
	}
	names := map[string]string{}
	for _, h := range halls {
		names[h.Code] = h.Label()
	}
	groups, total := supervision.ByHall(rows, names)
	rep = subtreeReport{Scope: names[root], Day: today.String(), Total: countsOf(total), Urges: supervision.CountUrges(cases, today)}
	for _, g := range groups {
		rep.Halls = append(rep.Halls, countsOf(g))
	}
	var rated []supervision.Rating
	for _, c := range cases {
		rated = append(rated, c.Ratings...)
	}
	rep.addRatings(rated, names)
	return rep, nil
}

// platformCalendar is the bundled holiday tables with the years the
// platform published over them.
func platformCalendar(ctx context.Context, st *store.Store) (*calendar.Calendar, error) {
	tables, err := calendar.ParseTables(assets.Holidays)
	if err != nil {
		return nil, err
	}
	years, err := st.CalendarYears(ctx)
	if err != nil {
		return nil, err
	}
	for y, raw := range years {
		t, err := calendar.ParseYear(y, raw)
		if err != nil {
			return nil, fmt.Errorf("calendar %d: %w", y, err)
		}
		tables[y] = t
	}
	return calendar.New(tables), nil
}
