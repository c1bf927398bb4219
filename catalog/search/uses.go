package search

import "math"

// The desk's own counts of use: how often an entry was taken in at this
// desk (the store counts its cases by entry, a bundle once per intake).
// Between results of the same kind of match from the same distance, the
// entry this desk takes in more often comes first; the name's length and
// the browse order settle what is still equal.

// UseCounts gives the engine the desk's counts of use by entry code when
// version (anything that moves when a case is added) moved since the last
// call; load is called only then.
func (g *Engine) UseCounts(version int64, load func() (map[string]int, error)) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.uses != nil && version == g.usesVersion {
		return nil
	}
	counts, err := load()
	if err != nil {
		return err
	}
	if counts == nil {
		counts = map[string]int{}
	}
	g.uses, g.usesVersion, g.last = counts, version, nil
	if g.idx != nil {
		g.idx.applyUses(counts)
	}
	return nil
}

// useLevels is how many levels of use the sort key holds (six bits).
const useLevels = 63

// useLevel is a count on a log scale (8 levels a doubling): 1, 2, 3 and 5
// uses are apart, 200 and 230 alike.
func useLevel(n int) uint64 {
	if n <= 0 {
		return 0
	}
	return min(uint64(8*math.Log2(1+float64(n))), useLevels)
}

// applyUses sets every entry's use bits: more uses, a smaller key.
func (x *index) applyUses(counts map[string]int) {
	for i := range x.entries {
		x.useBits[i] = (useLevels - useLevel(counts[x.entries[i].code])) << usesShift
	}
	x.restatic()
}
