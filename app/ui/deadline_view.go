package ui

import (
	"context"
	"fmt"

	"yichuang/collate"
	"yichuang/hall/supervision"
)

// deadlineView is the board under the clerk's filter and sort order, with
// the statistics over the same cases (all of them, whatever their light:
// rates need the finished ones).
type deadlineView struct {
	rows        []*supervision.Row
	departments []supervision.Stat
	clerks      []supervision.Stat
	items       []supervision.Stat // 事项统计, named "name（code）"
	halls       []supervision.Stat // 大厅统计 and 窗口统计 (docs/adr/0020)
	desks       []supervision.Stat
	total       supervision.Stat
	// 好差评 of the same cases, by department and by clerk, and in total.
	deptRatings, clerkRatings map[string]supervision.RatingStat
	ratingTotal               supervision.RatingStat
}

func computeView(b *supervision.Board, f supervision.Filter, by supervision.Column, desc bool) deadlineView {
	shown := f.Show
	f.Show = supervision.ShowAll
	base := b.Select(f)
	var v deadlineView
	v.departments, v.total = supervision.ByDepartment(base)
	v.clerks, _ = supervision.ByClerk(base)
	supervision.SortStats(v.departments, collate.Compare) // by pinyin, as a Chinese list reads
	supervision.SortStats(v.clerks, collate.Compare)
	v.items, _ = supervision.ByItem(base)
	supervision.SortStats(v.items, collate.Compare)
	rated := supervision.RatingsOf(b.Ratings, base)
	var deps, clerks []supervision.RatingStat
	deps, v.ratingTotal = supervision.RatingsByDepartment(rated)
	clerks, _ = supervision.RatingsByClerk(rated)
	v.deptRatings, v.clerkRatings = byName(deps), byName(clerks)
	names := hallNames(b)
	v.halls, _ = supervision.ByHall(base, names)
	v.desks, _ = supervision.ByDesk(base, names)
	supervision.SortStats(v.halls, collate.Compare)
	supervision.SortStats(v.desks, collate.Compare)
	v.rows = base
	if shown != supervision.ShowAll {
		v.rows = make([]*supervision.Row, 0, len(base))
		for _, r := range base {
			if shown.Shows(r, b.Settings.NoticeDays) {
				v.rows = append(v.rows, r)
			}
		}
	}
	supervision.Sort(v.rows, by, desc)
	return v
}

// recompute filters, sorts and sums off the UI goroutine (100,000 rows take
// tens of milliseconds); an answer overtaken by a newer request is dropped.
func (p *deadlinePage) recompute() {
	if p.board == nil {
		return
	}
	p.seq++
	seq, b, f, by, desc, whole := p.seq, p.board, p.filter, p.sortBy, p.desc, p.whole
	Go(p.env, func(context.Context) (deadlineView, error) {
		return computeView(b, f, by, desc), nil
	}, func(v deadlineView) {
		if seq != p.seq {
			return
		}
		p.view = v
		p.table.Refresh()
		p.table.ScrollToTop()
		p.tabs.Items[0].Text = fmt.Sprintf("%s（%d）", T("deadline.tab.cases", "办件清单"), len(v.rows))
		p.tabs.Refresh()
		p.chart.set(v.departments) // open cases only: right from the first step
		if !whole {
			// Rates over the open cases alone would mislead: wait for all.
			p.deptStats.clear()
			p.clerkStats.clear()
			p.itemStats.clear()
			p.hallStats.clear()
			p.deskStats.clear()
			return
		}
		p.deptStats.setRatings(v.deptRatings, v.ratingTotal)
		p.clerkStats.setRatings(v.clerkRatings, v.ratingTotal)
		p.hallStats.set(v.halls, v.total)
		p.deskStats.set(v.desks, v.total)
		p.deptStats.set(v.departments, v.total)
		p.clerkStats.set(v.clerks, v.total)
		p.itemStats.set(v.items, v.total)
		p.done()
	})
}

// sortOn sorts by a column; a second tap on the same column reverses it.
func (p *deadlinePage) sortOn(col supervision.Column) {
	if p.sortBy == col {
		p.desc = !p.desc
	} else {
		p.sortBy, p.desc = col, false
	}
	p.recompute()
}

func byName(s []supervision.RatingStat) map[string]supervision.RatingStat {
	m := make(map[string]supervision.RatingStat, len(s))
	for _, x := range s {
		m[x.Name] = x
	}
	return m
}
