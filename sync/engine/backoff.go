package engine

import "time"

// Backoff spaces attempts after failures: the n-th pause is drawn
// uniformly from [0, min(Cap, Base·2^(n-1))) ("full jitter"), so desks
// that lost the link together do not come back together.
type Backoff struct {
	Base, Cap time.Duration
}

// Pause is the pause after the n-th failure in a row (n ≥ 1); r is in
// [0, 1).
func (b Backoff) Pause(n int, r float64) time.Duration {
	ceil := b.Base
	for i := 1; i < n && ceil < b.Cap; i++ {
		ceil *= 2
	}
	ceil = min(ceil, b.Cap)
	return time.Duration(r * float64(ceil))
}

// After is the pause after the n-th failure in a row, err. When the
// platform said when to come back (its Retry-After: busy, or an address
// over its rate), the desk waits that long and up to half as long again,
// so that the desks it turned away together do not return together; never
// longer than Cap. Otherwise it is Pause.
func (b Backoff) After(err error, n int, r float64) time.Duration {
	if f := faultOf(err); f != nil && f.RetryAfter > 0 {
		return min(b.Cap, f.RetryAfter+time.Duration(r*float64(f.RetryAfter)/2))
	}
	return b.Pause(n, r)
}
