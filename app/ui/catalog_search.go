package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"yichuang/hall"
)

// pageSize is how many results one call fetches: the list asks for more
// as the clerk scrolls, so 100,000 results never become 100,000 widgets or
// one 100,000-row answer.
const pageSize = 100

// debounce is how long typing must pause before a search runs: each
// keystroke of "婚姻登记" would otherwise search for 婚, 婚姻 …
const debounce = 120 * time.Millisecond

// results is the list's model: how many results the query has and the
// pages fetched so far.
type results struct {
	query   hall.SearchQuery
	gen     int // which query these pages belong to
	total   int
	pages   map[int][]hall.SearchHit
	loading map[int]bool
}

// hit returns result i, or nil while its page is on its way.
func (r *results) hit(i int) *hall.SearchHit {
	page := r.pages[i/pageSize]
	if i%pageSize < len(page) {
		return &page[i%pageSize]
	}
	return nil
}

// searcher finds the page's search service: Services.Search, or a catalog
// that searches.
func (p *catalogPage) searcher() hall.SearchService {
	if p.env.Search != nil {
		return p.env.Search
	}
	s, _ := p.env.Catalog.(hall.SearchService)
	return s
}

// query is what the clerk asks for now.
func (p *catalogPage) query() hall.SearchQuery {
	q := hall.SearchQuery{Text: p.filter.Text, Type: p.typeFilter(), Near: p.near, Limit: pageSize}
	if d := p.dept.Text; d != "" && p.knownDept[d] {
		q.Department = d
	}
	return q
}

// schedule runs the search once typing pauses, off the UI goroutine; a
// result that arrives after a newer query is dropped.
func (p *catalogPage) schedule() {
	p.gen++
	gen, q := p.gen, p.query()
	if p.timer != nil {
		p.timer.Stop()
	}
	if p.env.opts.Synchronous {
		p.runSearch(gen, q)
		return
	}
	p.timer = time.AfterFunc(debounce, func() { fyne.Do(func() { p.runSearch(gen, q) }) })
}

func (p *catalogPage) runSearch(gen int, q hall.SearchQuery) {
	s := p.searcher()
	if s == nil {
		return
	}
	Go(p.env, func(ctx context.Context) (hall.SearchResult, error) { return s.Search(ctx, q) },
		func(res hall.SearchResult) {
			if gen != p.gen {
				return
			}
			again := p.res != nil && p.res.query == q && p.cursor >= 0 && p.cursor < res.Total // back on the screen
			at := p.cursor
			p.res = &results{query: q, gen: gen, total: res.Total,
				pages: map[int][]hall.SearchHit{0: res.Hits}, loading: map[int]bool{}}
			p.showCount()
			p.list.UnselectAll()
			p.list.Refresh()
			p.cursor = -1
			switch {
			case again:
				p.moveTo(at)
			case res.Total > 0:
				p.list.ScrollToTop()
				p.moveTo(0)
			default:
				p.selected = ""
				p.detail.Clear()
			}
		})
}

// fetch loads the page holding result i when the list first shows it.
func (p *catalogPage) fetch(i int) {
	r := p.res
	page := i / pageSize
	if r == nil || r.loading[page] {
		return
	}
	r.loading[page] = true
	q := r.query
	q.Offset = page * pageSize
	load := func(ctx context.Context) (hall.SearchResult, error) { return p.searcher().Search(ctx, q) }
	show := func(res hall.SearchResult) {
		if p.res != r {
			return
		}
		r.pages[page] = res.Hits
		p.list.Refresh()
	}
	if p.env.opts.Synchronous { // tests: the list is drawing, so fill the page without redrawing it
		if res, err := load(p.env.Ctx()); err == nil {
			r.pages[page] = res.Hits
		}
		return
	}
	Go(p.env, load, show)
}

func (p *catalogPage) showCount() {
	r := p.res
	switch {
	case r == nil:
		p.count.SetText("")
	case r.query.Text == "" && r.query.Department == "" && r.query.Type == "":
		p.count.SetText(T("catalog.count.all", "目录共 {{.N}} 项，输入名称、编码或拼音查找", map[string]any{"N": r.total}))
	case r.total == 0:
		p.count.SetText(T("catalog.count.none", "没有找到事项。可以换个说法、只输入两个字，或输入拼音首字母"))
	default:
		p.count.SetText(T("catalog.count", "找到 {{.N}} 项", map[string]any{"N": r.total}))
	}
}

// moveTo highlights result i: the list follows and the guide shows it.
func (p *catalogPage) moveTo(i int) {
	if p.res == nil || p.res.total == 0 {
		return
	}
	i = max(0, min(i, p.res.total-1))
	p.cursor = i
	p.list.Select(i)
	p.list.ScrollTo(i)
}
