package calendar

// The functions below count years without a table with the statutory
// holidays only (StatutoryDays); check Covers or Uncovered before showing
// their answers as final.

// IsWorkday reports whether d is a working day: Monday to Friday unless it
// is an official day off, Saturday or Sunday only as a make-up working day.
func (c *Calendar) IsWorkday(d Date) bool { return c.cum(d.n+1) > c.cum(d.n) }

// WorkdaysBetween is the number of working days after a up to and
// including b; negative, with a and b swapped, when b is before a.
func (c *Calendar) WorkdaysBetween(a, b Date) int { return c.cum(b.n+1) - c.cum(a.n+1) }

// AddWorkdays returns the n-th working day after d, or before d when n < 0.
// AddWorkdays(d, 0) is d itself, working day or not.
func (c *Calendar) AddWorkdays(d Date, n int) Date {
	switch {
	case n > 0:
		return c.nth(c.cum(d.n+1)+n-1, d)
	case n < 0:
		return c.nth(c.cum(d.n)+n, d)
	}
	return d
}

// nth returns the working day with exactly k working days before it,
// searching from near: the day x with cum(x) == k < cum(x+1).
func (c *Calendar) nth(k int, near Date) Date {
	// Bracket lo < x <= hi with cum(lo+1) <= k < cum(hi+1), starting from a
	// weekdays-only guess and widening it until it holds (a long holiday or
	// a make-up day moves the answer a little), then bisect.
	guess := near.n + int32((k-c.cum(near.n+1))*7/5)
	lo, hi := guess-3, guess+3
	for step := int32(8); c.cum(lo+1) > k; step *= 2 {
		lo -= step
	}
	for step := int32(8); c.cum(hi+1) <= k; step *= 2 {
		hi += step
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if c.cum(mid+1) > k {
			hi = mid
		} else {
			lo = mid
		}
	}
	return Date{hi}
}
