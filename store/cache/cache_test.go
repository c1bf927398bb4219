package cache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/buntdb"

	"yichuang/hall"
)

func TestRecentSearchesNewestFirstDedupedAndCapped(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "c.buntdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	clock := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	for _, q := range []string{"婚姻", "hydj", "婚姻", "  ", strings.Repeat("长", 5000)} {
		if err := s.AddSearch(q); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := s.RecentSearches(10)
	if strings.Join(got, ",") != "婚姻,hydj" {
		t.Errorf("recent = %q, want 婚姻 (searched again last), hydj; no blank, no 5000-character paste", got)
	}
	for i := 0; i < maxSearches+10; i++ {
		s.AddSearch("查询" + string(rune('a'+i)))
	}
	if got, _ := s.RecentSearches(100); len(got) != maxSearches {
		t.Errorf("kept %d searches, want %d", len(got), maxSearches)
	}
	s.db.View(func(tx *buntdb.Tx) error {
		ttl, err := tx.TTL("search:查询a")
		if err != nil && !strings.Contains(err.Error(), "not found") {
			t.Error(err)
		}
		ttl, _ = tx.TTL("search:" + "查询" + string(rune('a'+maxSearches+9)))
		if ttl < SearchTTL-time.Hour || ttl > SearchTTL {
			t.Errorf("search TTL = %v, want about %v", ttl, SearchTTL)
		}
		return nil
	})
}

func TestFrequentItemsByUsesThenRecency(t *testing.T) {
	s, _ := Open(":memory:")
	defer s.Close()
	clock := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	use := func(code, name string) {
		s.AddUse(hall.UsedItem{Code: code, Name: name, Department: "清河县民政局"})
	}
	use("A", "内地居民结婚登记")
	use("B", "出生登记")
	use("A", "内地居民结婚登记")
	use("C", "居民身份证换领")
	got, _ := s.FrequentItems(5)
	if len(got) != 3 || got[0].Code != "A" || got[0].Uses != 2 || got[1].Code != "C" || got[2].Code != "B" {
		t.Errorf("frequent = %+v, want A (2 uses), then C (newer), then B", got)
	}
	s.db.View(func(tx *buntdb.Tx) error {
		if ttl, _ := tx.TTL("use:A"); ttl < UseTTL-time.Hour {
			t.Errorf("use TTL = %v", ttl)
		}
		return nil
	})
}

func TestDamagedCacheIsReplaced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.buntdb")
	os.WriteFile(path, []byte("这不是缓存文件\n*9\r\nxx"), 0o600)
	s, err := Open(path)
	if err != nil {
		t.Fatalf("a damaged cache should be replaced, got %v", err)
	}
	defer s.Close()
	if err := s.AddSearch("婚姻"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".damaged"); err != nil {
		t.Errorf("the damaged file was not kept aside: %v", err)
	}
}
