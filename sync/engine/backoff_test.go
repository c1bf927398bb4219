package engine

import (
	"testing"
	"time"
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
