package hall

import "context"

// MatchKind says why a search result matched, best first: results are
// ranked by it, then the desk's own county, then shorter names.
type MatchKind int

// Kinds of match, in rank order.
const (
	MatchExactName   MatchKind = iota // the name is the query
	MatchExactCode                    // a code is the query
	MatchKeyword                      // a keyword or alias is the query (hall/keywords.go)
	MatchNamePrefix                   // the name starts with the query
	MatchName                         // the name contains the query
	MatchKeywordPart                  // a keyword or alias contains the query
	MatchCodePrefix                   // a code starts with the query
	MatchPinyin                       // full pinyin or initials of the name or a keyword
	MatchOther                        // department or result name
	MatchNone                         // no query: the catalog in order
)

var matchNames = [...]string{"名称相同", "编码相同", "关键词相同", "名称开头", "名称包含", "关键词包含", "编码开头", "拼音", "其他字段", ""}

// String is the Chinese label shown beside a result.
func (k MatchKind) String() string {
	if k < 0 || int(k) >= len(matchNames) {
		return ""
	}
	return matchNames[k]
}

// SearchQuery is what the clerk typed and the filters chosen.
type SearchQuery struct {
	Text       string   // Chinese, a code prefix, pinyin or initials; "" lists everything
	Department string   // exact department, "" for all
	Type       ItemType // "" for all
	Near       string   // the desk's 行政区划代码: its county's variants rank first among equals
	Offset     int
	Limit      int // 0 = 50
}

// SearchHit is one result: the entry as a list row shows it and what
// matched.
type SearchHit struct {
	Code         string
	BasicCode    string
	TaskCode     string
	Name         string
	Department   string
	Type         ItemType
	TypeName     string // the type's name, national or the province's
	Status       ItemStatus
	PromiseLimit Limit
	Bundle       bool // a bundle (一件事): lists mark it
	Match        MatchKind
	MatchField   string // 名称, 拼音, 拼音首字母, 实施编码, 实施部门 …
	MatchText    string // the value that matched, e.g. "hydj" or the code
}

// SearchResult is one page of results and how many there are in all.
type SearchResult struct {
	Total int
	Hits  []SearchHit
}

// SearchService finds catalog entries. The window and `yichuang catalog
// search` use the same implementation. Any text is searched as text: no
// query syntax, no error for odd input.
type SearchService interface {
	Search(ctx context.Context, q SearchQuery) (SearchResult, error)
}

// UsedItem is an entry the clerk uses often, for 常用事项.
type UsedItem struct {
	Code       string
	Name       string
	Department string
	Uses       int
}

// Recents keeps the clerk's recent searches and most-used entries. It is
// rebuildable state: losing it loses convenience, never data.
type Recents interface {
	AddSearch(query string) error
	RecentSearches(n int) ([]string, error)
	AddUse(it UsedItem) error
	FrequentItems(n int) ([]UsedItem, error)
}
