package ui

import (
	"os/exec"
	"runtime"

	"yichuang/hall"
)

// systemViewer hands a file to the system's viewer, from which the clerk
// prints. Tests give Options.OpenDocument instead: they must never start a
// viewer.
func systemViewer(path string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", path)
	case "darwin":
		cmd = exec.Command("open", path)
	default:
		cmd = exec.Command("xdg-open", path)
	}
	if err := cmd.Start(); err != nil {
		return hall.Wrap(hall.EInternal, err, "无法打开文书 %s：请检查是否安装了PDF阅读器", path)
	}
	go cmd.Wait() // reap the launcher; the viewer lives on by itself
	return nil
}
