package server

import (
	"context"
	"encoding/json"
	"os"
)

// tusInfo reads an upload's size from tusd's .info file and whether all of
// it has arrived.
func (s *Server) tusInfo(id string) (int64, bool) {
	b, err := os.ReadFile(s.infoPath(id))
	if err != nil {
		return 0, false
	}
	var info struct {
		Size   int64
		Offset int64
	}
	if json.Unmarshal(b, &info) != nil {
		return 0, false
	}
	held, err := s.sealed.held(id)
	if err != nil {
		return info.Size, false
	}
	return info.Size, info.Size > 0 && held == info.Size
}

// tusHeld is how many bytes of an upload the platform holds.
func (s *Server) tusHeld(id string) (int64, error) { return s.sealed.held(id) }

// contextBackground is for store writes that must finish even when the
// request that caused them has gone.
func contextBackground() context.Context { return context.Background() }
