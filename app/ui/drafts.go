package ui

import (
	"context"
	"sync"
	"time"

	"yichuang/hall"
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
