package linksim

import (
	"bytes"
	"strings"
)

// Dir is a direction on the link.
type Dir int

// Directions.
const (
	Up   Dir = iota // desk → platform
	Down            // platform → desk
)

// Action is what a rule does with a segment.
type Action int

// Actions.
const (
	Pass       Action = iota
	Cut               // reset the connection before the segment crosses
	Respond503        // answer the desk as a failing gateway would, and close
)

// Seg is what a rule sees: a segment about to cross, and its connection.
type Seg struct {
	Conn        int
	Dir         Dir
	Data        []byte
	Request     string // request line of the connection's latest request ("POST /api/v1/push HTTP/1.1")
	NewRequest  bool   // the segment begins that request
	UpBytes     int64  // bytes of the connection that crossed up before this segment
	DownBytes   int64
	DownSinceRq int64 // bytes that crossed down since the latest request began
}

// Rule decides the fate of each segment; nil passes everything.
type Rule func(s Seg) Action

// SetRule installs a rule (nil removes it).
func (l *Link) SetRule(r Rule) {
	l.mu.Lock()
	l.rule = r
	l.mu.Unlock()
}

var methods = [][]byte{[]byte("GET /"), []byte("POST /"), []byte("HEAD /"), []byte("PATCH /"), []byte("PUT /"), []byte("DELETE /")}

// apply updates what is known of the connection and asks the rule.
func (l *Link) apply(p *proxied, dir Dir, data []byte) Action {
	ci := &p.info
	ci.mu.Lock()
	s := Seg{Conn: p.id, Dir: dir, Data: data}
	if dir == Up {
		for _, m := range methods {
			if bytes.HasPrefix(data, m) {
				line, _, _ := strings.Cut(string(data), "\r\n")
				ci.lastRequest, ci.downSinceRq, s.NewRequest = line, 0, true
				break
			}
		}
	}
	s.Request, s.UpBytes, s.DownBytes, s.DownSinceRq = ci.lastRequest, ci.upBytes, ci.downBytes, ci.downSinceRq
	if dir == Up {
		ci.upBytes += int64(len(data))
	} else {
		ci.downBytes += int64(len(data))
		ci.downSinceRq += int64(len(data))
	}
	ci.mu.Unlock()
	l.mu.Lock()
	r := l.rule
	l.mu.Unlock()
	if r == nil {
		return Pass
	}
	return r(s)
}
