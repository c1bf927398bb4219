package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// draftList is the draft box: the logged-in user's open drafts and those
// from before drafts had owners (an admin's: everyone's, each marked with
// its owner), newest first, searchable
// by applicant, item name or code. A draft leaves it only when the clerk
// submits it or discards it after confirming.
type draftList struct {
	env    *Env
	search *widget.Entry
	count  *widget.Label
	rows   []hall.DraftSummary
	list   *widget.List
	open   func(id string)
	box    fyne.CanvasObject
}

func newDraftList(e *Env, open func(id string)) *draftList {
	l := &draftList{env: e, open: open, search: widget.NewEntry(), count: widget.NewLabel("")}
	l.search.SetPlaceHolder(T("drafts.search", "按申请人、事项名称或编码查找草稿"))
	l.search.OnChanged = func(string) { l.Refresh() }
	l.list = widget.NewList(func() int { return len(l.rows) }, func() fyne.CanvasObject {
		name := widget.NewLabel("")
		name.Truncation = fyne.TextTruncateEllipsis
		discard := widget.NewButtonWithIcon(T("drafts.discard", "丢弃"), theme.DeleteIcon(), nil)
		discard.Importance = widget.LowImportance
		return container.NewBorder(nil, nil, nil, discard, name)
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		d := l.rows[id]
		row := o.(*fyne.Container)
		title := d.Title
		if title == "" {
			title = T("drafts.untitled", "（未填申请人）")
		}
		line := title + " · " + d.ItemName + " · " + d.UpdatedAt.Local().Format("01-02 15:04")
		if u := l.env.user.Load(); d.Owner != "" && (u == nil || d.Owner != u.Name) {
			line += " · " + T("drafts.owner", "{{.Name}}的草稿", map[string]any{"Name": d.OwnerName}) // an admin sees everyone's
		}
		row.Objects[0].(*widget.Label).SetText(line)
		row.Objects[1].(*widget.Button).OnTapped = func() { l.confirmDiscard(d) }
	})
	l.list.OnSelected = func(id widget.ListItemID) {
		l.list.UnselectAll()
		if id < len(l.rows) {
			l.open(l.rows[id].ID)
		}
	}
	l.box = container.NewBorder(container.NewVBox(widget.NewSeparator(),
		container.NewBorder(nil, nil, heading(T("drafts.title", "草稿箱")), l.count, l.search)), nil, nil, nil, l.list)
	return l
}

func (l *draftList) content() fyne.CanvasObject { return l.box }

// Refresh reloads the drafts that match the search.
func (l *draftList) Refresh() {
	if l.env.Drafts == nil {
		return
	}
	q := l.search.Text
	Go(l.env, func(ctx context.Context) ([]hall.DraftSummary, error) {
		return l.env.Drafts.ListDrafts(ctx, q, 500)
	}, func(rows []hall.DraftSummary) {
		l.rows = rows
		l.count.SetText(T("drafts.count", "共 {{.N}} 份", map[string]any{"N": len(rows)}))
		l.list.Refresh()
	})
}

func (l *draftList) confirmDiscard(d hall.DraftSummary) {
	confirmAction(l.env.Window, T("intake.discard.title", "丢弃草稿"),
		T("drafts.discard.ask", "确定丢弃“{{.Title}} · {{.Item}}”的草稿吗？丢弃后它不再出现在草稿箱中。",
			map[string]any{"Title": d.Title, "Item": d.ItemName}),
		T("intake.discard.confirm", "丢弃草稿"), func() { l.discard(d.ID) })
}

func (l *draftList) discard(id string) {
	Go(l.env, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, l.env.Drafts.DiscardDraft(ctx, id)
	}, func(struct{}) { l.Refresh() })
}
