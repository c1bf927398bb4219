package ui

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"yichuang/export"
	"yichuang/hall"
	"yichuang/hall/supervision"
)

// exportView is the current view as the export writes it; read it on the
// UI goroutine, then writeExport may run anywhere.
func (p *deadlinePage) exportView() export.DeadlineView {
	v := export.DeadlineView{Rows: p.view.rows, Departments: p.view.departments, Clerks: p.view.clerks, Items: p.view.items,
		Total: p.view.total, Filter: p.filterText()}
	if p.scope.Kind != supervision.ScopeDesk {
		v.Halls, v.Desks = p.view.halls, p.view.desks
	}
	if b := p.board; b != nil {
		v.Today, v.Settings, v.Uncovered = b.Today, b.Settings, b.Uncovered
	}
	return v
}

// writeExport writes v with the hall's name to w.
func (p *deadlinePage) writeExport(ctx context.Context, w io.Writer, v export.DeadlineView) error {
	if p.env.Settings != nil {
		v.Hall, _ = p.env.Settings.Setting(ctx, hall.SettingHallName)
	}
	return export.WriteDeadlines(w, v)
}

// filterText says in words what the view is filtered by.
func (p *deadlinePage) filterText() string {
	f := p.filters
	var parts []string
	if l := p.scopes.label(); l != scopeDesk {
		parts = append(parts, "范围："+l)
	}
	add := func(name, v, all string) {
		if v != "" && v != all {
			parts = append(parts, name+"："+v)
		}
	}
	add("亮灯", f.show.Selected, "全部")
	add("部门", f.department.Selected, dlAllDepartments)
	add("人员", f.clerk.Selected, dlAllClerks)
	add("事项", strings.TrimSpace(f.item.Text), "")
	if !p.filter.From.IsZero() || !p.filter.To.IsZero() {
		parts = append(parts, fmt.Sprintf("受理日期：%s至%s", orOpen(p.filter.From.String()), orOpen(p.filter.To.String())))
	}
	return strings.Join(parts, "；")
}

func orOpen(s string) string {
	if s == "" {
		return "不限"
	}
	return s
}

// exportDialog asks where to save the current view and writes it there off
// the UI goroutine.
func (p *deadlinePage) exportDialog() {
	if p.board == nil {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			p.env.ShowError(hall.Wrap(hall.EInternal, err, "无法打开保存位置"))
			return
		}
		if w == nil {
			return // cancelled
		}
		n, v := len(p.view.rows), p.exportView()
		// 100,000 rows take seconds: say that the work is going on.
		busy := dialog.NewCustomWithoutButtons(T("deadline.exporting", "正在导出Excel…"),
			widget.NewProgressBarInfinite(), p.env.Window)
		showBusy(p.env.Window, busy)
		// The export's own error is the result, not Go's error: the busy
		// dialog must close either way.
		Go(p.env, func(ctx context.Context) (error, error) {
			err := p.writeExport(ctx, w, v)
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			return err, nil
		}, func(err error) {
			busy.Hide()
			if err != nil {
				p.env.ShowError(hall.Wrap(hall.EInternal, err, "导出Excel失败，文件 %s 未写完，请重新导出", w.URI().Path()))
				return
			}
			showMessage(p.env.Window, T("deadline.exported.title", "已导出"),
				T("deadline.exported", "已把 {{.N}} 件办件及部门、人员统计导出到 {{.Path}}",
					map[string]any{"N": n, "Path": w.URI().Path()}))
		})
	}, p.env.Window)
	d.SetFileName(fmt.Sprintf("时限监督-%s.xlsx", p.board.Today))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	showDialog(p.env.Window, d)
	d.Resize(fyne.NewSize(900, 600)) // after Show: a FileDialog not yet shown has no window to size
}
