package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"yichuang/app/wrap"
	"yichuang/hall"
)

// backupSection is 设置 → 备份/恢复, for an admin. A backup is written while
// the desk works; a restore is checked at once and applied at the next
// start, when nothing has the database open.
type backupSection struct{ env *Env }

func newBackupSection(e *Env) *backupSection { return &backupSection{env: e} }

func (b *backupSection) Content() fyne.CanvasObject {
	hint := wrap.NewLabel(T("backup.hint", "备份包括数据库、本机密钥和全部附件，用备份密码加密。备份密码与登录密码无关，请另行妥善保管：没有它无法恢复。也可用计划任务执行 yichuang backup 定时备份。"))
	return container.NewVBox(heading(T("backup.title", "备份/恢复")), hint, container.NewHBox(
		widget.NewButtonWithIcon(T("backup.do", "备份到文件…"), theme.DocumentSaveIcon(), b.backup),
		widget.NewButtonWithIcon(T("restore.do", "从备份恢复…"), theme.HistoryIcon(), b.restore)))
}

// pathRow is a file path entry with a button to pick the place.
func pathRow(e *Env, path *widget.Entry, save bool) fyne.CanvasObject {
	pick := widget.NewButtonWithIcon(T("backup.browse", "浏览…"), theme.FolderOpenIcon(), func() {
		if save {
			showDialog(e.Window, dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
				if err == nil && u != nil {
					path.SetText(filepath.Join(u.Path(), filepath.Base(path.Text)))
				}
			}, e.Window))
			return
		}
		showDialog(e.Window, dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err == nil && r != nil {
				path.SetText(r.URI().Path())
				r.Close()
			}
		}, e.Window))
	})
	return container.NewBorder(nil, nil, nil, pick, path)
}

func defaultBackupPath() string {
	dir, err := os.UserHomeDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "一窗备份-"+hall.HallTime(time.Now()).Format("20060102-1504")+".yichuang")
}

func (b *backupSection) backup() {
	e := b.env
	path, pw, again := widget.NewEntry(), password(""), password("")
	path.SetText(defaultBackupPath())
	formDialog(e, T("backup.do.title", "备份到文件"), T("backup.ok", "开始备份"), []*widget.FormItem{
		widget.NewFormItem(T("backup.file", "备份文件"), pathRow(e, path, true)),
		widget.NewFormItem(T("backup.password", "备份密码"), pw),
		widget.NewFormItem(T("backup.again", "确认备份密码"), again)}, func(ctx context.Context) error {
		if pw.Text != again.Text {
			return hall.Errorf(hall.EInvalid, "两次输入的备份密码不一致")
		}
		info, err := e.Backup.Backup(ctx, path.Text, pw.Text)
		if err == nil {
			fyne.Do(func() {
				msg := fmt.Sprintf(T("backup.done", "已备份到 %s（%.1f MB，附件 %d 个）。请牢记备份密码。"),
					info.File, float64(info.Bytes)/(1<<20), info.Files)
				if info.Skipped > 0 {
					msg += "\n" + fmt.Sprintf(T("backup.skipped", "注意：%d 个附件已损坏（内容与名称不符），未备份。"), info.Skipped)
				}
				showMessage(e.Window, T("backup.done.title", "备份完成"), msg)
			})
		}
		return err
	}, nil)
}

func (b *backupSection) restore() {
	e := b.env
	path, pw := widget.NewEntry(), password("")
	path.SetPlaceHolder(T("restore.file.hint", "选择 .yichuang 备份文件"))
	formDialog(e, T("restore.do.title", "从备份恢复"), T("restore.ok", "校验备份"), []*widget.FormItem{
		widget.NewFormItem(T("backup.file", "备份文件"), pathRow(e, path, false)),
		widget.NewFormItem(T("backup.password", "备份密码"), pw)}, func(ctx context.Context) error {
		info, err := e.Backup.StageRestore(ctx, path.Text, pw.Text)
		if err == nil {
			fyne.Do(func() { b.confirmRestart(info) })
		}
		return err
	}, nil)
}

// confirmRestart says the backup is good and ready; the restore happens
// when the program starts again, keeping the current data aside.
func (b *backupSection) confirmRestart(info hall.BackupInfo) {
	e := b.env
	text := fmt.Sprintf(T("restore.ready", "备份已校验无误：%s 窗口 %s，%s 备份。关闭程序后再次打开即完成恢复；当前数据会另存在数据目录的 before-restore- 文件夹中，不会丢失。"),
		info.HallName, info.DeskCode, hall.HallTime(info.Created).Format("2006-01-02 15:04"))
	last := info.Restored.LastCaseNo
	if last == "" {
		last = T("restore.nocases", "（备份中没有办件）")
	}
	// What the backup lacks (docs/adr/0016): synced cases come back from
	// the platform, unsynced ones are only in the data set aside.
	text += "\n\n" + fmt.Sprintf(T("restore.lost", "备份中最后的办件编号为 %s。此后已同步到平台的办件，恢复后首次同步时从平台取回；此后受理但未同步的办件不在备份中。恢复后的办件编号在流水号前带恢复代号（如 A0001），不会与已发出的编号重复。"), last)
	msg := wrap.NewLabel(text)
	d := dialog.NewCustomConfirm(T("restore.ready.title", "恢复已准备好"), T("restore.quit", "立即关闭程序"),
		T("restore.later", "稍后"), container.NewGridWrap(fyne.NewSize(460, 240), msg), func(quit bool) {
			if quit {
				if e.shell != nil {
					e.shell.SaveDrafts()
				}
				e.Window.Close()
			}
		}, e.Window)
	showDialog(e.Window, d)
}
