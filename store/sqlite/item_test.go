package sqlite

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"time"

	"yichuang/catalog/catalogio"
	"yichuang/hall"
)

// The stored documents and their hashes were written by encoding/json; an
// entry unchanged since must hash the same, or a re-import would find every
// entry changed.
func TestContentAgreesWithEncodingJSON(t *testing.T) {
	items := catalogio.Synthetic(3000, 9)
	demo, err := os.ReadFile("../../assets/catalog/demo.json")
	if err != nil {
		t.Fatal(err)
	}
	var more []hall.Item
	if err := json.Unmarshal(demo, &more); err != nil {
		t.Fatal(err)
	}
	more = append(more, hall.Item{Code: "1", Name: "<婚姻&登记>\u2028\U00020BB7", Version: 3, UpdatedAt: time.Now()})
	for _, it := range append(items, more...) {
		raw, hash := content(&it)
		c := it
		c.Version, c.UpdatedAt = 0, time.Time{}
		std, _ := json.Marshal(&c)
		if !bytes.Equal(raw, std) {
			t.Fatalf("%s stored as\n%s\nnot\n%s", it.Code, raw, std)
		}
		if _, h := content(&c); h != hash {
			t.Fatalf("%s: the version and time changed the hash", it.Code)
		}
	}
}
