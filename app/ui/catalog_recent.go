package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"yichuang/hall"
)

// A township window handles the same few dozen items all day: the nine it
// uses most sit on Alt+1…9 and its recent searches one click away. Both
// live in the rebuildable cache (store/cache); without one, the strip is
// simply empty.

const frequentShown = 9

type recentData struct {
	searches []string
	frequent []hall.UsedItem
}

func (p *catalogPage) loadRecents() {
	rec := p.env.recents()
	if rec == nil {
		return
	}
	Go(p.env, func(context.Context) (recentData, error) {
		var d recentData
		var err error
		if d.searches, err = rec.RecentSearches(6); err == nil {
			d.frequent, err = rec.FrequentItems(frequentShown)
		}
		p.cacheTrouble(err)
		return d, nil
	}, p.showRecents)
}

func (p *catalogPage) showRecents(d recentData) {
	p.frequent = d.frequent
	p.recentBox.Objects = nil
	if len(d.frequent) > 0 {
		p.recentBox.Add(widget.NewLabelWithStyle(T("catalog.frequent", "常用事项（Alt+数字）"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for i, u := range d.frequent {
			u := u
			p.recentBox.Add(widget.NewButton(fmt.Sprintf("%d %s", i+1, u.Name), func() { p.openUsed(u) }))
		}
	}
	if len(d.searches) > 0 {
		p.recentBox.Add(widget.NewLabelWithStyle(T("catalog.recent", "最近搜索"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, q := range d.searches {
			q := q
			p.recentBox.Add(widget.NewButton(q, func() { p.filter.SetText(q) }))
		}
	}
	p.recentBox.Refresh()
	if len(p.recentBox.Objects) > 0 {
		p.recentStrip.Show()
	} else {
		p.recentStrip.Hide()
	}
}

// altDigit is the n (1…9) of Alt+n, 0 for any other shortcut.
func altDigit(s *desktop.CustomShortcut) int {
	if s.Modifier != fyne.KeyModifierAlt || len(s.KeyName) != 1 || s.KeyName[0] < '1' || s.KeyName[0] > '9' {
		return 0
	}
	return int(s.KeyName[0] - '0')
}

// openFrequent opens 常用事项 n (1-based), if there is one.
func (p *catalogPage) openFrequent(n int) bool {
	if n < 1 || n > len(p.frequent) {
		return false
	}
	p.openUsed(p.frequent[n-1])
	return true
}

// openUsed shows a 常用事项's guide: its code is the query, so the list
// holds exactly it and Enter starts intake.
func (p *catalogPage) openUsed(u hall.UsedItem) {
	if p.env.shell != nil && p.env.shell.Current() != ScreenCatalog {
		p.env.shell.Show(ScreenCatalog)
	}
	p.dept.SetText("")
	p.types.SetSelectedIndex(0)
	p.filter.SetText(u.Code)
	if f := p.FirstField(); f != nil && p.env.Window != nil { // not while the catalog still loads
		p.env.Window.Canvas().Focus(f)
	}
}

// addShortcuts binds Alt+1…9 on the window, for when the search box does
// not have the focus (it handles them itself when it does).
func (p *catalogPage) addShortcuts() {
	if p.env.Window == nil {
		return
	}
	for n := 1; n <= frequentShown; n++ {
		n := n
		p.env.Window.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyName(fmt.Sprint(n)), Modifier: fyne.KeyModifierAlt},
			func(fyne.Shortcut) { p.openFrequent(n) })
	}
}

// used records that the clerk took an application for h, and the search
// that found it.
func (p *catalogPage) used(h *hall.SearchHit) {
	rec := p.env.recents()
	if rec == nil || h == nil {
		return
	}
	q := strings.TrimSpace(p.filter.Text)
	if q == h.Code { // opened from 常用事项: not a search worth keeping
		q = ""
	}
	u := hall.UsedItem{Code: h.Code, Name: h.Name, Department: h.Department}
	Go(p.env, func(context.Context) (struct{}, error) {
		err := rec.AddUse(u)
		if err == nil {
			err = rec.AddSearch(q)
		}
		p.cacheTrouble(err)
		return struct{}{}, nil
	}, func(struct{}) { p.loadRecents() })
}

// cacheTrouble logs a cache failure: the clerk loses a convenience, never
// data, and is not interrupted for it.
func (p *catalogPage) cacheTrouble(err error) {
	if err != nil && p.env.Log != nil {
		p.env.Log.Warn("recents cache", "err", err)
	}
}

// recents is the window's user's own recent searches and most-used entries
// where the cache keeps them by user (store/cache's For), else the desk's.
func (e *Env) recents() hall.Recents {
	per, ok := e.Recents.(interface{ For(string) hall.Recents })
	if !ok {
		return e.Recents
	}
	id := ""
	if u := e.user.Load(); u != nil {
		id = u.ID
	}
	return per.For(id)
}
