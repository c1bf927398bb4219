package ui

import (
	"context"
	"sync"
	"time"
	"yichuang/hall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// draftDelay is how long a change may wait before its draft is saved. The
// timer starts at the first change after a save and is not pushed back by
// further typing, so a draft is never more than this (plus one save)
// behind the screen, however fast the clerk types.
const draftDelay = 500 * time.Millisecond

// draftSaver saves the intake screen's draft as the clerk types: the
// screen hands it a snapshot on every change (on the UI goroutine); a
// timer moves the newest snapshot to one writer goroutine, which saves
// snapshots in order, one transaction each, so an older snapshot never
// overwrites a newer one.
type draftSaver struct {
	save    func(ctx context.Context, d *hall.Draft) error
	ctx     context.Context
	onSaved func(d *hall.Draft, err error) // on the writer goroutine
	stored  func(d *hall.Draft)            // Options.DraftSaved: after each draft that reached the disk

	mu      sync.Mutex
	cond    *sync.Cond
	latest  *hall.Draft // changed, not yet handed to the writer
	timer   *time.Timer
	held    bool        // a decision is being committed: no saves meanwhile
	queued  *hall.Draft // handed to the writer, not yet taken
	running bool
	seq     int // snapshots handed to the writer
	done    int // snapshots the writer finished
	err     error
}

func newDraftSaver(ctx context.Context, save func(context.Context, *hall.Draft) error,
	onSaved func(*hall.Draft, error), stored func(*hall.Draft)) *draftSaver {
	s := &draftSaver{save: save, ctx: ctx, onSaved: onSaved, stored: stored}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// Changed records the screen's newest state and makes sure a save follows
// within draftDelay.
func (s *draftSaver) Changed(d *hall.Draft) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latest = d
	if s.timer == nil && !s.held {
		s.timer = time.AfterFunc(draftDelay, s.fire)
	}
}

func (s *draftSaver) fire() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timer = nil
	if s.latest != nil && !s.held {
		s.handOver()
	}
}

// handOver gives the newest snapshot to the writer. Called with mu held.
func (s *draftSaver) handOver() int {
	s.queued, s.latest = s.latest, nil
	s.seq++
	if !s.running {
		s.running = true
		go s.write()
	}
	return s.seq
}

func (s *draftSaver) write() {
	s.mu.Lock()
	for s.queued != nil {
		d, seq := s.queued, s.seq
		s.queued = nil
		s.mu.Unlock()
		err := s.save(s.ctx, d)
		if err == nil && s.stored != nil {
			s.stored(d)
		}
		s.mu.Lock()
		s.done, s.err = seq, err
		s.cond.Broadcast() // a Flush waiting for this snapshot returns now
		if s.onSaved != nil {
			s.mu.Unlock()
			s.onSaved(d, err)
			s.mu.Lock()
		}
	}
	s.running = false
	s.mu.Unlock()
}

// Flush saves the newest state now and waits until it is on disk: on
// navigation, before a decision, when the window closes.
func (s *draftSaver) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	want := s.seq
	if s.latest != nil {
		want = s.handOver()
	}
	for s.done < want {
		s.cond.Wait()
	}
	return s.err
}

// Hold stops saving while a decision is being committed (the draft is
// about to be closed); changes keep being recorded.
func (s *draftSaver) Hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.held = true
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
}

// Release resumes saving after a decision was refused: what changed
// meanwhile is saved.
func (s *draftSaver) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.held = false
	if s.latest != nil && s.timer == nil {
		s.timer = time.AfterFunc(draftDelay, s.fire)
	}
}

// Drop forgets the unsaved state: the draft was submitted or discarded.
func (s *draftSaver) Drop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latest = nil
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
}

// SaveDrafts saves the open draft now; main calls it before the window
// closes.
func (sh *Shell) SaveDrafts() {
	if sh.intake != nil {
		sh.intake.Leave()
	}
}

// draftList is the draft box: the logged-in user's open drafts and those
// from before drafts had owners (an admin's: everyone's, each marked with
// its owner), newest first, searchable
// by applicant, item name or code. A draft leaves it only when the clerk
// submits it or discards it after confirming.
type draftList struct {
	env    *Env
	search *widget.Entry
	count  *widget.Label
	rows   []hall.DraftSummary
	list   *widget.List
	open   func(id string)
	box    fyne.CanvasObject
}

func newDraftList(e *Env, open func(id string)) *draftList {
	l := &draftList{env: e, open: open, search: widget.NewEntry(), count: widget.NewLabel("")}
	l.search.SetPlaceHolder(T("drafts.search", "按申请人、事项名称或编码查找草稿"))
	l.search.OnChanged = func(string) { l.Refresh() }
	l.list = widget.NewList(func() int { return len(l.rows) }, func() fyne.CanvasObject {
		name := widget.NewLabel("")
		name.Truncation = fyne.TextTruncateEllipsis
		discard := widget.NewButtonWithIcon(T("drafts.discard", "丢弃"), theme.DeleteIcon(), nil)
		discard.Importance = widget.LowImportance
		return container.NewBorder(nil, nil, nil, discard, name)
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		d := l.rows[id]
		row := o.(*fyne.Container)
		title := d.Title
		if title == "" {
			title = T("drafts.untitled", "（未填申请人）")
		}
		line := title + " · " + d.ItemName + " · " + hall.HallTime(d.UpdatedAt).Format("01-02 15:04")
		if u := l.env.user.Load(); d.Owner != "" && (u == nil || d.Owner != u.Name) {
			line += " · " + T("drafts.owner", "{{.Name}}的草稿", map[string]any{"Name": d.OwnerName}) // an admin sees everyone's
		}
		row.Objects[0].(*widget.Label).SetText(line)
		row.Objects[1].(*widget.Button).OnTapped = func() { l.confirmDiscard(d) }
	})
	l.list.OnSelected = func(id widget.ListItemID) {
		l.list.UnselectAll()
		if id < len(l.rows) {
			l.open(l.rows[id].ID)
		}
	}
	l.box = container.NewBorder(container.NewVBox(widget.NewSeparator(),
		container.NewBorder(nil, nil, heading(T("drafts.title", "草稿箱")), l.count, l.search)), nil, nil, nil, l.list)
	return l
}

func (l *draftList) content() fyne.CanvasObject { return l.box }

// Refresh reloads the drafts that match the search.
func (l *draftList) Refresh() {
	if l.env.Drafts == nil {
		return
	}
	q := l.search.Text
	Go(l.env, func(ctx context.Context) ([]hall.DraftSummary, error) {
		return l.env.Drafts.ListDrafts(ctx, q, 500)
	}, func(rows []hall.DraftSummary) {
		l.rows = rows
		l.count.SetText(T("drafts.count", "共 {{.N}} 份", map[string]any{"N": len(rows)}))
		l.list.Refresh()
	})
}

func (l *draftList) confirmDiscard(d hall.DraftSummary) {
	confirmAction(l.env.Window, T("intake.discard.title", "丢弃草稿"),
		T("drafts.discard.ask", "确定丢弃“{{.Title}} · {{.Item}}”的草稿吗？丢弃后它不再出现在草稿箱中。",
			map[string]any{"Title": d.Title, "Item": d.ItemName}),
		T("intake.discard.confirm", "丢弃草稿"), func() { l.discard(d.ID) })
}

func (l *draftList) discard(id string) {
	Go(l.env, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, l.env.Drafts.DiscardDraft(ctx, id)
	}, func(struct{}) { l.Refresh() })
}
