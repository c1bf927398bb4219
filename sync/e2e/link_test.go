package e2e

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"yichuang/sync/engine"
	"yichuang/sync/linksim"
)

// engineConfig is the engine's configuration, for the scenarios' tuning.
type engineConfig = engine.Config

// weakLink starts a link to the platform; closed with the test.
func weakLink(t *testing.T, p *platform, bandwidth int64, latency time.Duration) *linksim.Link {
	t.Helper()
	l, err := linksim.Start(linksim.Config{Target: p.addr, Bandwidth: bandwidth, Latency: latency})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return l
}

// times passes a rule's action on at most n occasions, then passes
// everything: a bad spell that ends.
type times struct{ left atomic.Int32 }

func newTimes(n int) *times { t := &times{}; t.left.Store(int32(n)); return t }

func (t *times) take() bool { return t.left.Add(-1) >= 0 }

func (t *times) used(n int) int { return n - int(max(0, t.left.Load())) }

func isPush(s linksim.Seg) bool  { return strings.HasPrefix(s.Request, "POST /api/v1/push") }
func isPatch(s linksim.Seg) bool { return strings.HasPrefix(s.Request, "PATCH /api/v1/uploads/") }
