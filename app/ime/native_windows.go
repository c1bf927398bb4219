package ime

import "github.com/go-gl/glfw/v3.4/glfw"

func fromX11(uintptr) *glfw.Window { return nil }

func fromWin32(hwnd uintptr) *glfw.Window { return glfw.WindowFromWin32(hwnd) }
