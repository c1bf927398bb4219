package transport

import (
	"errors"

	"yichuang/sync/protocol"
)

// faultOf finds the fault inside err, nil when there is none.
func faultOf(err error) *protocol.Fault {
	var f *protocol.Fault
	if errors.As(err, &f) {
		return f
	}
	return nil
}
