package e2e

import (
	"testing"
	"time"

	"yichuang/sync/linksim"
)

// TestSlowLinkSyncsEverythingOnce: latency and a shared bandwidth limit,
// nothing else wrong.
func TestSlowLinkSyncsEverythingOnce(t *testing.T) {
	p := startPlatform(t)
	k := newDesk(t, p, "07")
	res := k.seed(30, 6, 40)
	link, err := linksim.Start(linksim.Config{Target: p.addr, Bandwidth: 256 << 10, Latency: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer link.Close()
	s := k.syncer(link.URL(), 5*time.Second)
	if failures := k.syncUntilDone(s, 60*time.Second); failures != 0 {
		t.Errorf("%d rounds failed on a link that never broke", failures)
	}
	st := checkSynced(t, k, p)
	up, down := link.Bytes()
	t.Logf("%d cases (%d scans): %d bytes up, %d down, %d requests, stats %+v", res.Cases, res.Scans, up, down, s.Client.Requests(), st)
	if st.OpsDuplicate != 0 {
		t.Errorf("%d duplicates on a link that never broke", st.OpsDuplicate)
	}
}
