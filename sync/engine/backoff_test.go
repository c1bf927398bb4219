package engine

import (
	"errors"
	"testing"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

func TestBackoffFullJitterWithCap(t *testing.T) {
	b := Backoff{Base: 2 * time.Second, Cap: 5 * time.Minute}
	cases := []struct {
		n    int
		r    float64
		want time.Duration
	}{
		{1, 0, 0},
		{1, 0.5, time.Second},
		{1, 0.999, 1998 * time.Millisecond},
		{2, 0.5, 2 * time.Second},
		{5, 0.5, 16 * time.Second},
		{8, 0.5, 128 * time.Second},
		{9, 0.5, 150 * time.Second}, // 256 s capped at 300 s
		{50, 0.999, 299700 * time.Millisecond},
	}
	for _, c := range cases {
		if got := b.Pause(c.n, c.r); got != c.want {
			t.Errorf("Pause(%d, %v) = %s, want %s", c.n, c.r, got, c.want)
		}
	}
}

// A platform that says when to come back is waited for that long and up to
// half as long again, never less and never past the cap; without a
// Retry-After the pause is the jittered backoff's.
func TestBackoffHonoursRetryAfter(t *testing.T) {
	b := Backoff{Base: 2 * time.Second, Cap: 5 * time.Minute}
	busy := func(d time.Duration) error {
		return hall.Wrap(hall.ETransient, &protocol.Fault{Kind: protocol.FaultServer, Status: 503, Code: protocol.CodeBusy, RetryAfter: d}, "繁忙")
	}
	cases := []struct {
		err  error
		n    int
		r    float64
		want time.Duration
	}{
		{busy(30 * time.Second), 1, 0, 30 * time.Second},
		{busy(30 * time.Second), 1, 0.5, 37500 * time.Millisecond},
		{busy(30 * time.Second), 9, 0.999, 44985 * time.Millisecond}, // the failures in a row do not matter
		{busy(4 * time.Minute), 1, 0.999, 5 * time.Minute},           // capped
		{busy(0), 2, 0.5, 2 * time.Second},                           // no Retry-After: the backoff
		{errors.New("no fault"), 1, 0.5, time.Second},
	}
	for _, c := range cases {
		if got := b.After(c.err, c.n, c.r); got != c.want {
			t.Errorf("After(%v, %d, %v) = %s, want %s", c.err, c.n, c.r, got, c.want)
		}
	}
}
