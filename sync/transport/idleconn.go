package transport

import (
	"net"
	"time"
)

// idleConn pushes its deadline forward on every read and write: a request
// fails once no byte has moved for idle, however long the whole transfer
// takes. A deadline applies to a pending read too, so the response reader
// waiting during a long upload stays alive as long as the upload moves.
type idleConn struct {
	net.Conn
	idle time.Duration
}

func (c *idleConn) Read(p []byte) (int, error) {
	_ = c.Conn.SetDeadline(time.Now().Add(c.idle))
	return c.Conn.Read(p)
}

func (c *idleConn) Write(p []byte) (int, error) {
	_ = c.Conn.SetDeadline(time.Now().Add(c.idle))
	return c.Conn.Write(p)
}
