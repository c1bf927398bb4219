package search

import "slices"

// sortUpTo makes keys[:need] the smallest keys in order, given that
// keys[:sorted] already are, and returns how far keys are now sorted. A
// query that matches most of the catalog (a code prefix such as 1134 holds
// every entry of the province) shows its first page after a linear
// selection instead of a sort of 100,000 keys; later pages extend the
// sorted part, doubling it each time.
func sortUpTo(keys []uint64, sorted, need int) int {
	if need <= sorted {
		return sorted
	}
	need = min(len(keys), max(need, 2*sorted, 256))
	rest := keys[sorted:]
	if need < len(keys) {
		selectSmallest(rest, need-sorted)
	}
	slices.Sort(rest[:need-sorted])
	return need
}

// selectSmallest reorders a so that its k smallest elements come first
// (in no order): quickselect with a median-of-three pivot.
func selectSmallest(a []uint64, k int) {
	lo, hi := 0, len(a)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if a[mid] < a[lo] {
			a[mid], a[lo] = a[lo], a[mid]
		}
		if a[hi] < a[lo] {
			a[hi], a[lo] = a[lo], a[hi]
		}
		if a[hi] < a[mid] {
			a[hi], a[mid] = a[mid], a[hi]
		}
		pivot := a[mid]
		i, j := lo, hi
		for i <= j {
			for a[i] < pivot {
				i++
			}
			for a[j] > pivot {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return
		}
	}
}
