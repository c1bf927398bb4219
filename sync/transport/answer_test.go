package transport

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// A platform (or something posing as one) that answers a pull with 500 KB
// of gzip inflating to 512 MiB does not take the desk's memory with it: the
// answer is cut at its cap with a Chinese reason, and the desk tries again
// later.
func TestAnswerBombIsCut(t *testing.T) {
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zw.Write([]byte(`{"changes":[],"cursors":{},"more":false,"pad":"`))
	fill := bytes.Repeat([]byte("a"), 1<<20)
	for i := 0; i < 512; i++ {
		zw.Write(fill)
	}
	zw.Write([]byte(`"}`))
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb.Bytes())
	}))
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL, DeskID: "d", Secret: bytes.Repeat([]byte{1}, 32)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err = c.Pull(context.Background(), protocol.PullRequest{})
	runtime.ReadMemStats(&after)
	allocated := (after.TotalAlloc - before.TotalAlloc) >> 20
	t.Logf("a %d KB gzip answer inflating to 512 MiB: %d MB allocated, error %v", bomb.Len()>>10, allocated, err)
	if err == nil || !strings.Contains(hall.ErrorMessage(err), "答复解压后超过") || hall.ErrorCode(err) != hall.ETransient {
		t.Fatalf("the bomb was read: %v", err)
	}
	if allocated > 400 {
		t.Fatalf("%d MB allocated reading the answer", allocated)
	}
}
