package main

import (
	"os"

	"golang.org/x/sys/windows"

	"yichuang/commands"
)

// The Windows exe is linked as a GUI program (-H=windowsgui) so that a clerk
// never sees a black console window; such a program starts with no console.
// When IT runs a sub-command (register, verify, backup …) from cmd or
// PowerShell, borrow that console so its Chinese messages and prompts are
// seen. Output already redirected to a file or pipe is left alone.
func init() {
	if len(os.Args) < 2 || !commands.IsCommandLine(os.Args[1:]) {
		return
	}
	const attachParentProcess = ^uintptr(0) // (DWORD)-1
	attach := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")
	if r, _, _ := attach.Call(attachParentProcess); r == 0 {
		return // started from Explorer or a scheduled task: nothing to attach to
	}
	if invalid(os.Stdout) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stdout = f
		}
	}
	if invalid(os.Stderr) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stderr = f
		}
	}
	if invalid(os.Stdin) {
		if f, err := os.OpenFile("CONIN$", os.O_RDWR, 0); err == nil {
			os.Stdin = f
		}
	}
}

// invalid reports whether a standard stream has no handle behind it, as a
// GUI program's have unless they were redirected.
func invalid(f *os.File) bool {
	if f == nil {
		return true
	}
	h := windows.Handle(f.Fd())
	if h == 0 || h == windows.InvalidHandle {
		return true
	}
	_, err := windows.GetFileType(h)
	return err != nil
}
