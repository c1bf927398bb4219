package store

import (
	"slices"
	"testing"
)

// A batch is cut into few statements, from few texts: every row once, in
// order, a desk's batch of 20 in one piece, and no more than 18 sizes of
// piece whatever the batch.
func TestChunksAreFewAndOfFewSizes(t *testing.T) {
	sizes := map[int]bool{}
	for n := 0; n <= 300; n++ {
		items := make([]any, n)
		for i := range items {
			items[i] = i
		}
		var got []any
		pieces := 0
		if err := inChunks(items, func(part []any) error {
			if len(part) == 0 || len(part) > maxChunk {
				t.Fatalf("%d rows: a piece of %d", n, len(part))
			}
			sizes[len(part)] = true
			got = append(got, part...)
			pieces++
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, items) {
			t.Fatalf("%d rows came out as %v", n, got)
		}
		if n > 0 && n <= maxChunk && pieces > 3 {
			t.Fatalf("%d rows took %d statements", n, pieces)
		}
	}
	one := 0
	_ = inChunks(make([]any, 20), func([]any) error { one++; return nil })
	if one != 1 {
		t.Fatalf("a batch of 20 took %d statements", one)
	}
	if len(sizes) > 18 {
		t.Fatalf("%d sizes of piece: each is a statement text to prepare", len(sizes))
	}
}
