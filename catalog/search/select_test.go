package search

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSortUpToGivesTheSmallestInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 7, 300, 5000} {
		keys := make([]uint64, n)
		for i := range keys {
			keys[i] = rng.Uint64N(50) // many equal keys, as ranks are
		}
		want := slices.Sorted(slices.Values(keys))
		sorted := 0
		for _, need := range []int{1, 50, 51, 700, n} {
			sorted = sortUpTo(keys, sorted, min(need, n))
			if sorted < min(need, n) || !slices.Equal(keys[:sorted], want[:sorted]) {
				t.Fatalf("n=%d need=%d: keys[:%d] are not the smallest in order", n, need, sorted)
			}
		}
	}
}
