//go:build (linux || freebsd || netbsd || openbsd) && (x11 || !wayland)

package ime

import "github.com/go-gl/glfw/v3.4/glfw"

func fromX11(xid uintptr) *glfw.Window { return glfw.WindowFromX11(xid) }

func fromWin32(uintptr) *glfw.Window { return nil }
