package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
	"yichuang/hall"
)

// shortcutScan attaches the newest file of the document camera's folder
// (高拍仪) to the chosen material.
var shortcutScan = &desktop.CustomShortcut{KeyName: fyne.KeyG, Modifier: fyne.KeyModifierShortcutDefault}

// scanInbox shows, above the materials, what the document camera saved in
// the folder 设置 names, and attaches the newest to the material chosen
// beside it (Ctrl+G); an attached file leaves the folder (hall.ScanInbox).
type scanInbox struct {
	page   *intakePage
	dir    string
	files  []hall.ScanFile
	list   *wrap.Label
	target *widget.Select
	take   *widget.Button
	box    *fyne.Container
}

func newScanInbox(p *intakePage) *scanInbox {
	s := &scanInbox{page: p, list: wrap.NewLabel("")}
	s.target = widget.NewSelect(nil, nil)
	s.take = widget.NewButtonWithIcon(T("intake.scan.take", "附加最新扫描件 Ctrl+G"), theme.ContentAddIcon(), s.attachNewest)
	s.box = container.NewVBox(widget.NewLabelWithStyle(T("intake.scan.title", "高拍仪"), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true}), s.list, container.NewBorder(nil, nil,
		widget.NewLabel(T("intake.scan.to", "附到")), s.take, s.target), widget.NewSeparator())
	s.box.Hide()
	return s
}

func (s *scanInbox) inbox() hall.ScanInbox {
	in, _ := s.page.env.Attachments.(hall.ScanInbox)
	return in
}

// reset fits the inbox to a newly opened application: its materials, the
// first one still without a file chosen.
func (s *scanInbox) reset() {
	v := s.page.materials
	var names []string
	for i, r := range v.rows {
		names = append(names, fmt.Sprintf("%d. %s", i+1, r.m.Name))
	}
	s.target.Options = names
	s.target.ClearSelected()
	s.next()
	s.poll()
}

// next chooses the first material without a scan.
func (s *scanInbox) next() {
	for i, r := range s.page.materials.rows {
		if len(r.files) == 0 {
			s.target.SetSelectedIndex(i)
			return
		}
	}
}

// inboxView is one reading of the folder.
type inboxView struct {
	dir     string
	files   []hall.ScanFile
	problem string // the folder could not be read: said in place, not in a dialog every tick
}

// poll reads the folder again (the shell's tick and each attach call it).
func (s *scanInbox) poll() {
	in, env := s.inbox(), s.page.env
	if in == nil || env.Settings == nil || s.page.materials == nil {
		return
	}
	Go(env, func(ctx context.Context) (inboxView, error) {
		dir, err := env.Settings.Setting(ctx, hall.SettingScanFolder)
		v := inboxView{dir: strings.TrimSpace(dir)}
		if err != nil || v.dir == "" {
			return v, err
		}
		if v.files, err = in.Inbox(v.dir); err != nil {
			v.problem = hall.ErrorMessage(err)
		}
		return v, nil
	}, s.show)
}

func (s *scanInbox) show(v inboxView) {
	s.dir, s.files = v.dir, v.files
	if s.dir == "" || len(s.page.materials.rows) == 0 {
		s.box.Hide()
		return
	}
	s.box.Show()
	if v.problem != "" {
		s.list.Importance = widget.DangerImportance
		s.list.SetText(v.problem)
		s.take.Disable()
		return
	}
	files := v.files
	s.list.Importance = widget.MediumImportance
	if len(files) == 0 {
		s.list.SetText(T("intake.scan.empty", "文件夹 {{.Dir}} 中暂无新的扫描件", map[string]any{"Dir": s.dir}))
		s.take.Disable()
		return
	}
	var names []string
	for _, f := range files[:min(len(files), 5)] {
		names = append(names, f.Name+sizeText(f.Size))
	}
	more := ""
	if len(files) > 5 {
		more = T("intake.scan.more", " 等{{.N}}个", map[string]any{"N": len(files)})
	}
	s.list.SetText(T("intake.scan.files", "新扫描件（最新在前）：") + strings.Join(names, "、") + more)
	s.take.Enable()
}

// attachNewest takes the newest file of the folder (read again now, not
// as last shown) into the chosen material.
func (s *scanInbox) attachNewest() {
	in, env := s.inbox(), s.page.env
	i := s.target.SelectedIndex()
	if in == nil || s.dir == "" || i < 0 || i >= len(s.page.materials.rows) {
		return
	}
	dir := s.dir
	r := s.page.materials.rows[i]
	type outcome struct {
		a   hall.Attachment
		err error
	}
	Go(env, func(ctx context.Context) (outcome, error) {
		files, err := in.Inbox(dir)
		if err != nil {
			return outcome{err: err}, nil
		}
		if len(files) == 0 {
			return outcome{err: hall.Errorf(hall.EInvalid, "高拍仪文件夹“%s”中没有扫描件", dir)}, nil
		}
		a, err := in.Take(ctx, files[0].Path)
		return outcome{a, err}, nil
	}, func(o outcome) {
		if o.a.SHA256 != "" { // attached, even if it could not leave the folder
			r.files = append(r.files, o.a)
			s.page.materials.showFiles(r)
			s.page.materials.changed()
			s.next()
		}
		if o.err != nil {
			r.msg.SetText(hall.ErrorMessage(o.err))
			r.msg.Show()
			env.ShowError(o.err)
		} else {
			r.msg.Hide()
		}
		s.poll()
	})
}
