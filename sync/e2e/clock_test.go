package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"yichuang/desk"
	"yichuang/hall"
)

// TestDeskClockAhead: a desk whose clock runs ten minutes fast is outside
// the replay window; it learns the offset from the platform's refusal,
// signs with the platform's time, syncs, and warns the clerk.
func TestDeskClockAhead(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "41")
	k.seed(3, 0, 0)
	s, err := k.d.NewSync(hall.AsDesk(context.Background()), desk.SyncOptions{PlatformURL: p.url(),
		Now: func() time.Time { return time.Now().Add(10 * time.Minute) }, Tune: fast})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	k.syncUntilDone(s, 30*time.Second)
	checkSynced(t, k, p)
	st := s.Engine.SyncStatus()
	if !strings.Contains(st.SkewWarning, "快约 10 分钟") || st.ClockSkew > -9*time.Minute {
		t.Errorf("skew %s, warning %q", st.ClockSkew, st.SkewWarning)
	}
}
