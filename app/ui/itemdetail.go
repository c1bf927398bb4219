package ui

import (
	"context"
	"fmt"
	"strings"
	"yichuang/app/wrap"
	"yichuang/hall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// itemDetail shows an item's complete 办事指南, with 开始受理 on top.
type itemDetail struct {
	env    *Env
	box    *fyne.Container
	scroll *container.Scroll
	start  *widget.Button
	code   string
	shown  string // what the guide on show is of (guideKey): a reload of the same leaves it, and its scroll, alone
	seq    int
	root   fyne.CanvasObject
}

// guideKey names an entry as it stands: a new version, status or type
// name is a different guide.
func guideKey(it *hall.Item) string {
	return fmt.Sprint(it.Code, "\x00", it.Version, "\x00", it.UpdatedAt.UnixNano(), "\x00", it.Status, "\x00", it.TypeName)
}

type guide struct {
	item    *hall.Item
	history []hall.ItemChange
	aliases []string    // the alias words that find the entry
	members []hall.Item // a bundle's (一件事) items, in order
}

func newItemDetail(e *Env, start func()) *itemDetail {
	d := &itemDetail{env: e, box: container.NewVBox()}
	d.start = widget.NewButtonWithIcon(T("catalog.start", "开始受理"), theme.DocumentCreateIcon(), start)
	d.start.Importance = widget.HighImportance
	d.start.Disable()
	d.scroll = container.NewVScroll(d.box)
	d.root = container.NewBorder(container.NewHBox(d.start), nil, nil, nil, d.scroll)
	d.Clear()
	return d
}

func (d *itemDetail) Content() fyne.CanvasObject { return d.root }

// Clear shows that no item is chosen.
func (d *itemDetail) Clear() {
	d.code = ""
	d.start.Disable()
	d.box.Objects = []fyne.CanvasObject{emptyState(T("catalog.pick.title", "请选择事项"),
		T("catalog.pick.hint", "在左侧结果中选择一个事项，查看其办事指南。"))}
	d.box.Refresh()
}

// Load shows the item with the given code; a newer Load wins.
func (d *itemDetail) Load(code string) {
	d.seq++
	seq := d.seq
	Go(d.env, func(ctx context.Context) (guide, error) {
		it, err := d.env.Catalog.Item(ctx, code)
		if err != nil {
			return guide{}, err
		}
		g := guide{item: it}
		if it.IsBundle() {
			// A bundle's guide: its items, and the materials they ask for
			// as intake lists them, each once.
			var members []hall.Item
			for _, m := range it.Members {
				if mi, err := d.env.Catalog.Item(ctx, m); err == nil {
					members = append(members, *mi)
				}
			}
			if mb, err := hall.MergeBundle(it, members); err == nil {
				merged := *it
				merged.Materials = mb.Item.Materials
				g.item, g.members = &merged, mb.Members
			}
		}
		if a, ok := d.env.Catalog.(hall.AliasSource); ok {
			g.aliases = a.AliasWordsOf(it)
		}
		if h, ok := d.env.Catalog.(hall.CatalogImporter); ok {
			g.history, _ = h.History(ctx, code) // the guide shows without its history if that fails
		}
		return g, nil
	}, func(g guide) {
		if seq == d.seq && guideKey(g.item) != d.shown {
			d.show(g)
		}
	})
}

func (d *itemDetail) show(g guide) {
	it := g.item
	d.code, d.shown = it.Code, guideKey(it)
	if it.Status == hall.ItemWithdrawn {
		d.start.Disable()
	} else {
		d.start.Enable()
	}
	title := wrap.NewLabelWithStyle(it.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	objs := []fyne.CanvasObject{title}
	if it.Status == hall.ItemWithdrawn {
		w := wrap.NewLabel(T("catalog.withdrawn.note", "本事项已从实施清单中取消，仅供查阅已受理的办件，不能受理新的申请。"))
		w.Importance = widget.DangerImportance
		objs = append(objs, w)
	}
	kind := T("catalog.kind.promise", "承诺件")
	if it.Instant() {
		kind = T("catalog.kind.instant", "即办件")
	}
	// What the entry is also asked for by: its own keywords, then the
	// everyday words the alias table gives it.
	objs = append(objs, facts("关键词", strings.Join(it.Keywords, "、"), "常用叫法", strings.Join(g.aliases, "、"))...)
	objs = append(objs, facts(
		"事项类型", it.TypeLabel(), "实施部门", it.Department,
		"基本编码", it.Basic(), "实施编码", it.TaskCode,
		"业务办理项编码", it.HandleCode, "地方编码", strings.Join(nonEmpty(it.LocalCode, it.LocalTaskCode, it.LocalHandleCode), " / "),
		"服务对象", strings.Join(it.Subjects, "、"),
		"办件类型", kind,
		"法定办结时限", it.LegalLimit.String(), "承诺办结时限", it.PromiseLimit.String(),
		"办理形式", strings.Join(it.HandlingForms, "、"),
		"到现场次数", fmt.Sprintf("%d 次", it.Visits))...)
	if it.IsBundle() {
		objs = append(objs, section(T("catalog.bundle.items", "一件事一次办：本事项包含 {{.N}} 个事项", map[string]any{"N": len(it.Members)})))
		for i, m := range g.members {
			objs = append(objs, widget.NewLabel(fmt.Sprintf("%d. %s（%s，承诺%s）", i+1, m.Name, m.Department, m.PromiseLimit)))
		}
		if len(g.members) != len(it.Members) {
			w := wrap.NewLabel(T("catalog.bundle.missing", "本一件事包含的部分事项不在本机事项目录中或已取消，暂不能受理。"))
			w.Importance = widget.DangerImportance
			objs = append(objs, w)
		}
	}
	objs = append(objs,
		section("申请材料"), materialsTable(it.Materials),
		section("收费"), feesView(it.Fees),
		section("办理流程"), stepsView(it.Steps))
	if len(it.Special) > 0 {
		var parts []string
		for _, sp := range it.Special {
			parts = append(parts, strings.TrimSpace(sp.Name+"（"+sp.Limit.String()+"）"+sp.Basis))
		}
		objs = append(objs, field("特别程序", strings.Join(parts, "；")+"。特别程序时间不计入办理时限"))
	}
	objs = append(objs, section("办理地点与咨询"))
	objs = append(objs, facts(
		"办理地点", it.Place, "办理时间", it.Hours,
		"咨询电话", it.ConsultPhone, "监督投诉", it.ComplaintPhone,
		"网上办理", strings.TrimSpace(it.OnlineURL+" "+it.OnlineDepth),
		"办理结果", strings.TrimSpace(it.ResultType+" "+it.ResultName),
		"通办范围", it.Scope)...)
	objs = append(objs, section("依据与条件"))
	objs = append(objs, facts("设定依据", it.LegalBasis, "受理条件", it.Conditions)...)
	objs = append(objs, section("版本"),
		field("当前版本", fmt.Sprintf("第 %d 版，%s 更新", it.Version, hall.HallTime(it.UpdatedAt).Format("2006-01-02 15:04"))))
	for _, ch := range g.history {
		objs = append(objs, field(fmt.Sprintf("第 %d 版", ch.Version),
			fmt.Sprintf("%s %s（%s）：%s", hall.HallTime(ch.At).Format("2006-01-02 15:04"), ch.Kind, ch.Source, strings.Join(ch.Fields, "、"))))
	}
	d.box.Objects = objs
	d.box.Refresh()
	d.scroll.ScrollToTop()
}

// facts are "label: value" lines for the pairs given, leaving out those
// with no value: a guide without, say, local codes shows no empty line.
func facts(pairs ...string) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) != "" {
			out = append(out, field(pairs[i], pairs[i+1]))
		}
	}
	return out
}

func section(text string) fyne.CanvasObject {
	return container.NewVBox(widget.NewSeparator(), heading(text))
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// The lists of a guide as tables: materials, fees, steps.

func materialsTable(ms []hall.Material) fyne.CanvasObject {
	if len(ms) == 0 {
		return widget.NewLabel("无需提交材料")
	}
	var rows [][]string
	for i, m := range ms {
		form := strings.TrimSpace(m.Medium + " " + m.Format)
		notes := strings.Join(nonEmpty(m.Notes, m.Standard, m.Sample), "；")
		rows = append(rows, []string{fmt.Sprint(i + 1), m.Name, m.Kind, string(m.Necessity), m.Source,
			fmt.Sprint(m.Originals), fmt.Sprint(m.Copies), form, notes})
	}
	return table([]float32{1.2, 3, 1.7, 1.4, 1.7, 1.1, 1.4, 1.6, 2.8},
		[]string{"序号", "材料名称", "类型", "必要性", "来源", "原件", "复印件", "形式", "说明"}, rows,
		func(r, c int, l *widget.Label) {
			switch {
			case c == 3 && ms[r].Necessity == hall.Deferrable:
				l.Importance = widget.WarningImportance
			case c == 3 && ms[r].Necessity == hall.Required:
				l.TextStyle.Bold = true
			}
		})
}

func feesView(fees []hall.Fee) fyne.CanvasObject {
	if len(fees) == 0 {
		return widget.NewLabel("不收费")
	}
	var rows [][]string
	for _, f := range fees {
		rows = append(rows, []string{f.Name, f.Standard, f.Basis})
	}
	return table([]float32{2, 2, 4}, []string{"收费项目", "标准", "依据"}, rows, nil)
}

func stepsView(steps []hall.Step) fyne.CanvasObject {
	if len(steps) == 0 {
		return widget.NewLabel("未列出")
	}
	var rows [][]string
	for i, s := range steps {
		days := "当场"
		if s.Days > 0 {
			days = fmt.Sprintf("%d 个工作日", s.Days)
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), s.Name, days, s.Role, s.Standard})
	}
	return table([]float32{1, 1.2, 1.6, 2, 5}, []string{"步骤", "环节", "时限", "办理人员", "办理标准"}, rows, nil)
}

// tableLayout lays cells out row by row in columns whose widths are shares
// of the width given; each row is as tall as its tallest (wrapped) cell.
// Fyne's Table has one height for all rows, which cuts long material
// names and notes.
type tableLayout struct {
	shares  []float32
	heights []float32 // of each row at the last width, for MinSize
}

func (t *tableLayout) widths(total float32) []float32 {
	sum := float32(0)
	for _, s := range t.shares {
		sum += s
	}
	out := make([]float32, len(t.shares))
	for i, s := range t.shares {
		out[i] = total * s / sum
	}
	return out
}

func (t *tableLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	n := len(t.shares)
	w := t.widths(size.Width)
	t.heights = t.heights[:0]
	y := float32(0)
	for r := 0; r*n < len(objs); r++ {
		h := float32(0)
		for c := 0; c < n && r*n+c < len(objs); c++ {
			o := objs[r*n+c]
			o.Resize(fyne.NewSize(w[c], o.MinSize().Height))
			h = max(h, o.MinSize().Height)
		}
		x := float32(0)
		for c := 0; c < n && r*n+c < len(objs); c++ {
			objs[r*n+c].Move(fyne.NewPos(x, y))
			objs[r*n+c].Resize(fyne.NewSize(w[c], h))
			x += w[c]
		}
		t.heights = append(t.heights, h)
		y += h
	}
}

func (t *tableLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	n := len(t.shares)
	rowsN := (len(objs) + n - 1) / n
	h := float32(0)
	for r := 0; r < rowsN; r++ {
		if r < len(t.heights) {
			h += t.heights[r]
			continue
		}
		rh := float32(0)
		for c := 0; c < n && r*n+c < len(objs); c++ {
			rh = max(rh, objs[r*n+c].MinSize().Height)
		}
		h += rh
	}
	return fyne.NewSize(float32(n)*40, h)
}

// table makes a table of wrapped labels under a bold header row.
func table(shares []float32, header []string, rows [][]string, style func(r, c int, l *widget.Label)) fyne.CanvasObject {
	var cells []fyne.CanvasObject
	for _, h := range header {
		l := widget.NewLabelWithStyle(h, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord
		cells = append(cells, l)
	}
	for r, row := range rows {
		for c, v := range row {
			l := widget.NewLabel(v)
			l.Wrapping = fyne.TextWrapWord
			if style != nil {
				style(r, c, l)
			}
			cells = append(cells, l)
		}
	}
	return container.New(&tableLayout{shares: shares}, cells...)
}
