package e2e

import (
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"yichuang/sync/linksim"
)

var offsetRE = regexp.MustCompile(`(?i)\r\nUpload-Offset: ([0-9]+)\r\n`)

// TestScanResumesWhereItWasCut: a scan cut twice on its way is resumed each
// time from the offset the platform holds (ODK restarts from zero), so the
// bytes sent stay close to the file's size; the platform records the file
// only once it is whole and matches its hash.
func TestScanResumesWhereItWasCut(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "71")
	k.seed(1, 1, 400)
	link := weakLink(t, p, 400<<10, 5*time.Millisecond)
	var mu sync.Mutex
	var offsets []int64
	cuts := newTimes(2)
	link.SetRule(func(s linksim.Seg) linksim.Action {
		if s.Dir != linksim.Up || !isPatch(s) {
			return linksim.Pass
		}
		if s.NewRequest {
			if m := offsetRE.FindSubmatch(s.Data); m != nil {
				n, _ := strconv.ParseInt(string(m[1]), 10, 64)
				mu.Lock()
				offsets = append(offsets, n)
				mu.Unlock()
			}
		}
		if s.UpBytes > 150<<10 && cuts.take() {
			return linksim.Cut
		}
		return linksim.Pass
	})
	s := k.syncer(link.URL(), 5*time.Second)
	k.syncUntilDone(s, 30*time.Second)
	st := checkSynced(t, k, p)
	up, _ := link.Bytes()
	mu.Lock()
	defer mu.Unlock()
	if len(offsets) != 3 || offsets[0] != 0 || offsets[1] < 140<<10 || offsets[2] < 280<<10 {
		t.Fatalf("PATCH offsets %v: want 0, then resumed past each cut", offsets)
	}
	file := int64(st.Files) // one file
	if file != 1 {
		t.Fatalf("files on the platform: %d", st.Files)
	}
	t.Logf("offsets %v; %d bytes up for a %d KB scan and 2 events", offsets, up, 400)
	if up > 460<<10 {
		t.Errorf("%d bytes up for a 400 KB scan cut twice: the cuts cost more than 15%%", up)
	}
}
