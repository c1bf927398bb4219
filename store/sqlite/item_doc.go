package sqlite

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"runtime"
	"sync"
	"time"

	"yichuang/hall"
)

// prepared is what an entry's rows need, computed before the write
// transaction on every core: JSON, hash and pinyin are most of an
// import's CPU.
type prepared struct {
	doc  []byte // the entry's JSON as stored
	hash string
	keys searchKeys
}

func prepareAll(items []hall.Item) []prepared {
	out := make([]prepared, len(items))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(items); i += workers {
				out[i] = prepare(&items[i])
			}
		}()
	}
	wg.Wait()
	return out
}

func prepare(it *hall.Item) prepared {
	if it.Status == "" {
		it.Status = hall.ItemActive
	}
	raw, hash := content(it)
	return prepared{doc: raw, hash: hash, keys: searchKeysOf(it)}
}

// content is an entry's JSON without its version and update time, which
// live in their own columns and are not content; hash identifies it, so an
// unchanged entry is found without a diff.
func content(it *hall.Item) (raw []byte, hash string) {
	c := *it
	c.Version, c.UpdatedAt = 0, time.Time{}
	raw, _ = json.Marshal(&c) // an Item always marshals
	sum := sha256.Sum256(raw)
	return raw, hex.EncodeToString(sum[:12])
}
