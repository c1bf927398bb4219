package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// itemDetail shows an item's complete 办事指南.
type itemDetail struct {
	env   *Env
	box   *fyne.Container
	start *widget.Button
	code  string
	root  fyne.CanvasObject
}

func newItemDetail(e *Env) *itemDetail {
	d := &itemDetail{env: e, box: container.NewVBox()}
	d.start = widget.NewButtonWithIcon(T("catalog.start", "开始受理"), theme.DocumentCreateIcon(), func() {
		if d.code != "" && e.shell != nil {
			e.shell.StartIntake(d.code)
		}
	})
	d.start.Importance = widget.HighImportance
	d.start.Disable()
	d.box.Add(emptyState(T("catalog.pick.title", "请选择事项"), T("catalog.pick.hint", "在左侧列表中选择一个事项，查看其办事指南。")))
	d.root = container.NewBorder(nil, container.NewHBox(d.start), nil, nil, container.NewVScroll(d.box))
	return d
}

func (d *itemDetail) Content() fyne.CanvasObject { return d.root }

// Load shows the item with the given code.
func (d *itemDetail) Load(code string) {
	Go(d.env, func(ctx context.Context) (*hall.Item, error) { return d.env.Catalog.Item(ctx, code) }, d.show)
}

func (d *itemDetail) show(it *hall.Item) {
	d.code = it.Code
	if it.Status == hall.ItemWithdrawn {
		d.start.Disable()
	} else {
		d.start.Enable()
	}
	title := widget.NewLabelWithStyle(it.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	objs := []fyne.CanvasObject{title,
		field("基本编码", it.Code), field("实施编码", it.TaskCode),
		field("事项类型", it.Type.Name()), field("实施部门", it.Department),
		field("服务对象", strings.Join(it.Subjects, "、")),
		field("法定办结时限", it.LegalLimit.String()), field("承诺办结时限", it.PromiseLimit.String()),
		field("办件类型", map[bool]string{true: "即办件", false: "承诺件"}[it.Instant()]),
		field("办理形式", strings.Join(it.HandlingForms, "、")),
		field("到现场次数", fmt.Sprintf("%d 次", it.Visits)),
		field("受理条件", it.Conditions), field("设定依据", it.LegalBasis),
		widget.NewSeparator(), heading("申请材料"), materialsTable(it.Materials),
		widget.NewSeparator(), heading("收费"), feesView(it.Fees),
		widget.NewSeparator(), heading("办理流程"), stepsView(it.Steps),
	}
	if len(it.Special) > 0 {
		var parts []string
		for _, sp := range it.Special {
			parts = append(parts, sp.Name+"（"+sp.Limit.String()+"）")
		}
		objs = append(objs, field("特别程序", strings.Join(parts, "；")+"，不计入办理时限"))
	}
	objs = append(objs, widget.NewSeparator(),
		field("办理地点", it.Place), field("办理时间", it.Hours),
		field("咨询电话", it.ConsultPhone), field("监督投诉", it.ComplaintPhone),
		field("网上办理", strings.TrimSpace(it.OnlineURL+" "+it.OnlineDepth)),
		field("办理结果", strings.TrimSpace(it.ResultType+" "+it.ResultName)),
		field("通办范围", it.Scope),
		field("版本", fmt.Sprintf("第 %d 版，%s 更新", it.Version, it.UpdatedAt.Local().Format("2006-01-02"))))
	d.box.Objects = objs
	d.box.Refresh()
}

func materialsTable(ms []hall.Material) fyne.CanvasObject {
	grid := container.NewGridWithColumns(6)
	for _, h := range []string{"材料名称", "类型", "必要性", "来源", "原件/复印件", "介质"} {
		grid.Add(widget.NewLabelWithStyle(h, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	for _, m := range ms {
		name := widget.NewLabel(m.Name)
		name.Wrapping = fyne.TextWrapWord
		nec := widget.NewLabel(string(m.Necessity))
		if m.Necessity == hall.Deferrable {
			nec.Importance = widget.WarningImportance
		}
		grid.Add(name)
		grid.Add(widget.NewLabel(m.Kind))
		grid.Add(nec)
		grid.Add(widget.NewLabel(m.Source))
		grid.Add(widget.NewLabel(fmt.Sprintf("%d / %d", m.Originals, m.Copies)))
		grid.Add(widget.NewLabel(m.Medium))
	}
	if len(ms) == 0 {
		return widget.NewLabel("无需提交材料")
	}
	return grid
}

func feesView(fees []hall.Fee) fyne.CanvasObject {
	if len(fees) == 0 {
		return widget.NewLabel("不收费")
	}
	box := container.NewVBox()
	for _, f := range fees {
		l := widget.NewLabel(f.Name + "：" + f.Standard + "　" + f.Basis)
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	return box
}

func stepsView(steps []hall.Step) fyne.CanvasObject {
	var parts []string
	for _, s := range steps {
		p := s.Name
		if s.Days > 0 {
			p += fmt.Sprintf("（%d日）", s.Days)
		}
		parts = append(parts, p)
	}
	l := widget.NewLabel(strings.Join(parts, " → "))
	l.Wrapping = fyne.TextWrapWord
	return l
}
