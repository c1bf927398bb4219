//go:build !linux && !windows

package commands

import "bufio"

// readHidden reads a line; this platform has no echo control here.
func readHidden(r *bufio.Reader) (string, error) { return r.ReadString('\n') }
