package ui

import (
	"fmt"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// MainMenu is the window's menu bar: 文件 → 退出 and 帮助 → 关于一窗. Fyne
// draws it inside the window on Windows and Linux.
func MainMenu(sh *Shell) *fyne.MainMenu {
	quit := fyne.NewMenuItem(T("menu.quit", "退出"), nil)
	quit.IsQuit = true // the driver closes every window, as the close button does
	about := fyne.NewMenuItem(T("menu.about", "关于一窗"), func() { ShowAbout(sh.env.Window, sh.env.Info) })
	return fyne.NewMainMenu(
		fyne.NewMenu(T("menu.file", "文件"), quit),
		fyne.NewMenu(T("menu.help", "帮助"), about),
	)
}

// VersionLine is how the window names the program's version; the same two
// values `yichuang --version` prints, both read from FyneApp.toml.
func VersionLine(in Info) string {
	return fmt.Sprintf("%s（构建 %s）", in.Version, in.Build)
}

// aboutText is what 关于 says, and what its copy button puts on the
// clipboard for a support request to the hall's IT.
func aboutText(in Info) string {
	return fmt.Sprintf("一窗 yichuang %s\n运行环境：%s/%s，%s\n数据目录：%s",
		VersionLine(in), runtime.GOOS, runtime.GOARCH, runtime.Version(), in.DataDir)
}

// ShowAbout shows the program's name, version and build, and where its
// data lives: what IT asks for first when a desk reports a problem.
func ShowAbout(w fyne.Window, in Info) {
	title := widget.NewLabelWithStyle(T("about.name", "一窗 · 政务服务窗口受理"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	rows := container.NewVBox(title,
		field(T("about.version", "版本"), VersionLine(in)),
		field(T("about.platform", "运行环境"), fmt.Sprintf("%s/%s，%s", runtime.GOOS, runtime.GOARCH, runtime.Version())),
		field(T("about.data", "数据目录"), in.DataDir))
	var top fyne.CanvasObject = rows
	if a := fyne.CurrentApp(); a != nil && a.Icon() != nil {
		icon := canvas.NewImageFromResource(a.Icon())
		icon.FillMode = canvas.ImageFillContain
		icon.SetMinSize(fyne.NewSize(64, 64))
		top = container.NewBorder(nil, nil, container.NewVBox(icon), nil, rows)
	}
	var d *dialog.CustomDialog
	copyInfo := widget.NewButton(T("about.copy", "复制版本信息"), func() {
		fyne.CurrentApp().Clipboard().SetContent(aboutText(in))
	})
	closeBtn := widget.NewButton(T("dialog.close", "关闭"), func() { d.Hide() })
	closeBtn.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons(T("about.title", "关于一窗"),
		container.NewGridWrap(fyne.NewSize(540, 190), top), w)
	d.SetButtons([]fyne.CanvasObject{copyInfo, closeBtn})
	showDialog(w, d)
}
