package sqlite

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"yichuang/catalog/search"
	"yichuang/hall"
)

// prepared is what an entry's rows need: JSON, hash and pinyin are most of
// an import's CPU, so they are computed on the other cores while the one
// writer stores the entries before them (prepareAhead).
type prepared struct {
	doc  []byte // the entry's JSON as stored
	hash string
	keys search.Keys
}

// prepareChunk is how many entries a worker prepares at a time: enough that
// waiting for a chunk is rare, few enough that the writer starts at once.
// prepareAheadChunks bounds how far the workers run ahead of the writer,
// so a province's 100,000 documents are never all in memory at once.
const (
	prepareChunk       = 256
	prepareAheadChunks = 32
)

// prepareAhead starts preparing every entry of items, in order, on all
// cores, and returns a function that gives entry i's result, waiting for
// it if need be, and a stop for a writer that gives up early. get must be
// called for each entry in order, once: a chunk's results are dropped once
// the writer has taken its last. The entries must not change until their
// results are taken.
func prepareAhead(items []hall.Item) (get func(i int) prepared, stop func()) {
	out := make([]prepared, len(items))
	chunks := (len(items) + prepareChunk - 1) / prepareChunk
	ready := make([]chan struct{}, chunks)
	for c := range ready {
		ready[c] = make(chan struct{})
	}
	slots := make(chan struct{}, prepareAheadChunks) // one per chunk prepared and not yet taken
	quit := make(chan struct{})
	var next atomic.Int64
	for range runtime.GOMAXPROCS(0) {
		go func() {
			for {
				select {
				case slots <- struct{}{}:
				case <-quit:
					return
				}
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				for i := c * prepareChunk; i < min((c+1)*prepareChunk, len(items)); i++ {
					out[i] = prepare(&items[i])
				}
				close(ready[c])
			}
		}()
	}
	get = func(i int) prepared {
		c := i / prepareChunk
		<-ready[c]
		p := out[i]
		out[i] = prepared{}
		if i == len(items)-1 || i%prepareChunk == prepareChunk-1 {
			<-slots
		}
		return p
	}
	var once sync.Once
	return get, func() { once.Do(func() { close(quit) }) }
}

func prepare(it *hall.Item) prepared {
	if it.Status == "" {
		it.Status = hall.ItemActive
	}
	raw, hash := content(it)
	return prepared{doc: raw, hash: hash, keys: search.KeysOf(it)}
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
