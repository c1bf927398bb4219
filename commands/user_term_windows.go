package commands

import (
	"bufio"
	"os"

	"golang.org/x/sys/windows"
)

// readHidden reads a line from the console without echoing it; from a pipe
// it just reads.
func readHidden(r *bufio.Reader) (string, error) {
	h := windows.Handle(os.Stdin.Fd())
	var mode uint32
	if err := windows.GetConsoleMode(h, &mode); err != nil {
		return r.ReadString('\n')
	}
	if err := windows.SetConsoleMode(h, mode&^windows.ENABLE_ECHO_INPUT); err != nil {
		return r.ReadString('\n')
	}
	defer windows.SetConsoleMode(h, mode)
	return r.ReadString('\n')
}
