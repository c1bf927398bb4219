package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

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
