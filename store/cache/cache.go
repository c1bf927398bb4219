// Package cache keeps what the desk can rebuild or lose without harm in a
// buntdb file beside the database: the clerk's recent searches and most-used
// catalog entries, each with a time to live. A damaged cache file is
// replaced by an empty one; nothing that matters lives here (docs/adr/0001).
package cache

import (
	"encoding/json"
	"errors"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tidwall/buntdb"

	"yichuang/hall"
)

// How long an unused entry stays, and how many are kept.
const (
	SearchTTL   = 30 * 24 * time.Hour
	UseTTL      = 90 * 24 * time.Hour
	maxSearches = 30
	maxQuery    = 50 // runes: a longer query is a paste, not a habit
)

// Store is the buntdb-backed hall.Recents.
type Store struct {
	db     *buntdb.DB
	Now    func() time.Time
	prefix string // "" for the desk's own; "u/ID/" for one user's (For)
}

// For is the same file seen as one user's: the searches and entries that
// user made, and no one else's, so a clerk who logs in after another does
// not find the other's habits on 事项目录.
func (s *Store) For(userID string) hall.Recents {
	if userID == "" {
		return s
	}
	return &Store{db: s.db, Now: s.Now, prefix: "u/" + userID + "/"}
}

var _ hall.Recents = (*Store)(nil)

// Open opens the cache at path (":memory:" for none on disk). A file buntdb
// cannot read is moved aside and started afresh.
func Open(path string) (*Store, error) {
	db, err := buntdb.Open(path)
	if err != nil && path != ":memory:" {
		_ = os.Rename(path, path+".damaged")
		db, err = buntdb.Open(path)
	}
	if err != nil {
		return nil, hall.Wrap(hall.EInternal, err, "无法打开缓存文件 %s", path)
	}
	return &Store{db: db, Now: time.Now}, nil
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// AddSearch remembers a query the clerk used.
func (s *Store) AddSearch(q string) error {
	q = strings.TrimSpace(q)
	if q == "" || utf8.RuneCountInString(q) > maxQuery {
		return nil
	}
	now := s.Now()
	return s.db.Update(func(tx *buntdb.Tx) error {
		if _, _, err := tx.Set(s.prefix+"search:"+q, strconv.FormatInt(now.UnixNano(), 10),
			&buntdb.SetOptions{Expires: true, TTL: SearchTTL}); err != nil {
			return err
		}
		keys := s.searches(tx)
		for _, k := range keys[min(len(keys), maxSearches):] {
			if _, err := tx.Delete(s.prefix + "search:" + k.text); err != nil && !errors.Is(err, buntdb.ErrNotFound) {
				return err
			}
		}
		return nil
	})
}

type stamped struct {
	text string
	at   int64
}

func (s *Store) searches(tx *buntdb.Tx) []stamped {
	var out []stamped
	_ = tx.AscendKeys(s.prefix+"search:*", func(k, v string) bool {
		at, _ := strconv.ParseInt(v, 10, 64)
		out = append(out, stamped{strings.TrimPrefix(k, s.prefix+"search:"), at})
		return true
	})
	sort.Slice(out, func(i, j int) bool { return out[i].at > out[j].at })
	return out
}

// RecentSearches lists up to n queries, newest first.
func (s *Store) RecentSearches(n int) ([]string, error) {
	var out []string
	err := s.db.View(func(tx *buntdb.Tx) error {
		for _, k := range s.searches(tx) {
			if len(out) == n {
				break
			}
			out = append(out, k.text)
		}
		return nil
	})
	return out, err
}

type use struct {
	Name string `json:"name"`
	Dept string `json:"dept"`
	Uses int    `json:"uses"`
	Last int64  `json:"last"`
}

// AddUse counts one use of an entry; its time to live starts again.
func (s *Store) AddUse(it hall.UsedItem) error {
	if it.Code == "" {
		return nil
	}
	return s.db.Update(func(tx *buntdb.Tx) error {
		var u use
		if v, err := tx.Get(s.prefix + "use:" + it.Code); err == nil {
			_ = json.Unmarshal([]byte(v), &u)
		}
		u.Name, u.Dept, u.Uses, u.Last = it.Name, it.Department, u.Uses+1, s.Now().UnixNano()
		b, _ := json.Marshal(u)
		_, _, err := tx.Set(s.prefix+"use:"+it.Code, string(b), &buntdb.SetOptions{Expires: true, TTL: UseTTL})
		return err
	})
}

// FrequentItems lists up to n entries, most used first, then most recent.
func (s *Store) FrequentItems(n int) ([]hall.UsedItem, error) {
	type row struct {
		hall.UsedItem
		last int64
	}
	var rows []row
	err := s.db.View(func(tx *buntdb.Tx) error {
		return tx.AscendKeys(s.prefix+"use:*", func(k, v string) bool {
			var u use
			if json.Unmarshal([]byte(v), &u) == nil {
				rows = append(rows, row{hall.UsedItem{Code: strings.TrimPrefix(k, s.prefix+"use:"), Name: u.Name,
					Department: u.Dept, Uses: u.Uses}, u.Last})
			}
			return true
		})
	})
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Uses != rows[j].Uses {
			return rows[i].Uses > rows[j].Uses
		}
		return rows[i].last > rows[j].last
	})
	var out []hall.UsedItem
	for _, r := range rows[:min(n, len(rows))] {
		out = append(out, r.UsedItem)
	}
	return out, err
}
