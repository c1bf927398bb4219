package search

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"yichuang/assets"
	"yichuang/hall"
)

// catalog is an engine over a fixed list of entries, fed as a store feeds
// it (store/sqlite/search.go): an entry's row and its Keys.
type catalog struct {
	g   Engine
	es  []Entry
	rev int64
}

func entryOf(it hall.Item) Entry {
	if it.Status == "" {
		it.Status = hall.ItemActive // as the store keeps it
	}
	return Entry{Code: it.Code, Basic: it.Basic(), Task: it.TaskCode, Name: it.Name, Dept: it.Department,
		Type: it.Type, Status: it.Status, Promise: it.PromiseLimit, Members: len(it.Members), Keys: KeysOf(&it)}
}

// newCatalog is the engine over items with the alias table aliases.
func newCatalog(items []hall.Item, aliases []hall.Alias) *catalog {
	c := &catalog{rev: 1}
	for _, it := range items {
		c.es = append(c.es, entryOf(it))
	}
	c.g.UseAliases(aliases)
	return c
}

func (c *catalog) Search(_ context.Context, q hall.SearchQuery) (hall.SearchResult, error) {
	return c.g.Search(q, c.rev, func() ([]Entry, map[hall.ItemType]string, error) {
		return append([]Entry(nil), c.es...), nil, nil
	})
}

// item is an entry of region's department with the basic code basic.
func item(name, dept, region, basic string) hall.Item {
	task := "11" + region + "0030000001" + "1" + basic
	return hall.Item{Code: task, BasicCode: basic, TaskCode: task, Name: name, Type: hall.TypeConfirmation,
		Department: dept, LegalLimit: hall.Limit{Days: 20, Unit: hall.WorkingDays},
		PromiseLimit: hall.Limit{Days: 5, Unit: hall.WorkingDays}, ResultName: name + "证明"}
}

func search(t testing.TB, c *catalog, q hall.SearchQuery) hall.SearchResult {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 50
	}
	r, err := c.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %q: %v", q.Text, err)
	}
	return r
}

func names(r hall.SearchResult) string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Name)
	}
	return strings.Join(out, ",")
}

// demoItems is the bundled demo catalog, decoded once.
var demoItems = sync.OnceValue(func() []hall.Item {
	var items []hall.Item
	if err := json.Unmarshal(assets.DemoCatalog, &items); err != nil {
		panic(err)
	}
	return items
})

// bundledAliases is the bundled alias table, as the desk hands it to the
// store's engine (desk.BundledAliases).
var bundledAliases = sync.OnceValues(func() ([]hall.Alias, error) { return hall.ParseAliases(assets.Aliases) })

// demoFixture is the engine over the bundled demo catalog with the
// bundled alias table, as a desk searches on its first start.
func demoFixture(t testing.TB) *catalog {
	t.Helper()
	aliases, err := bundledAliases()
	if err != nil {
		t.Fatal(err)
	}
	return newCatalog(demoItems(), aliases)
}
