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

// IN lists: every id asked for, nothing else, up to 64 ids in one
// statement, and no more sizes of list than of piece.
func TestInListsAreOneStatementUpTo64(t *testing.T) {
	sizes := map[int]bool{}
	for n := 0; n <= 300; n++ {
		ids := make([]any, n)
		for i := range ids {
			ids[i] = i
		}
		seen := map[any]bool{}
		lists := 0
		if err := inLists(ids, func(list []any) error {
			if len(list) == 0 || len(list) > maxChunk {
				t.Fatalf("%d ids: a list of %d", n, len(list))
			}
			if len(list) > 2 && len(list)%4 != 0 {
				t.Fatalf("%d ids: a list of %d, not a size of piece", n, len(list))
			}
			sizes[len(list)] = true
			for _, id := range list {
				if id.(int) < 0 || id.(int) >= n {
					t.Fatalf("%d ids: %v asked for", n, id)
				}
				seen[id] = true
			}
			lists++
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(seen) != n {
			t.Fatalf("%d ids: %d asked for", n, len(seen))
		}
		if want := (n + maxChunk - 1) / maxChunk; lists != want {
			t.Fatalf("%d ids took %d statements, want %d", n, lists, want)
		}
	}
	if len(sizes) > 18 {
		t.Fatalf("%d sizes of list: each is a statement text to prepare", len(sizes))
	}
	// The caller's slice is never written past its end.
	backing := []any{1, 2, 3, 99}
	_ = inLists(backing[:3], func([]any) error { return nil })
	if backing[3] != 99 {
		t.Fatalf("inLists wrote into the caller's array: %v", backing)
	}
}
