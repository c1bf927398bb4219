package commands

import (
	"bufio"
	"os"

	"golang.org/x/sys/unix"
)

// readHidden reads a line from the terminal without echoing it; from a pipe
// it just reads.
func readHidden(r *bufio.Reader) (string, error) {
	fd := int(os.Stdin.Fd())
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return r.ReadString('\n')
	}
	quiet := *t
	quiet.Lflag &^= unix.ECHO
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, &quiet); err != nil {
		return r.ReadString('\n')
	}
	defer unix.IoctlSetTermios(fd, unix.TCSETS, t)
	return r.ReadString('\n')
}
