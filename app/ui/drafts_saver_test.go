package ui

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	"yichuang/hall"
)

func TestDraftSaverFlushHoldReleaseDrop(t *testing.T) {
	f := newFixture(t)
	ctx := hall.AsDesk(context.Background())
	var saves atomic.Int32
	store := f.desk.DB.Drafts()
	s := newDraftSaver(ctx, func(ctx context.Context, d *hall.Draft) error {
		saves.Add(1)
		return store.SaveDraft(ctx, d)
	}, nil, nil)
	draft := func(note string) *hall.Draft {
		return &hall.Draft{ID: "d-saver", ItemCode: dibao, ItemName: "最低生活保障审核确认", Title: "张喆",
			Form: json.RawMessage(`{"note":"` + note + `"}`)}
	}
	stored := func() string {
		d, _, err := store.Draft(ctx, "d-saver")
		if err != nil {
			return ""
		}
		return string(d.Form)
	}

	// Many changes, one flush: the newest state is on disk at once.
	for _, n := range []string{"1", "12", "123"} {
		s.Changed(draft(n))
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if stored() != `{"note":"123"}` || saves.Load() != 1 {
		t.Fatalf("after a flush: %s in %d saves", stored(), saves.Load())
	}
	// Held while a decision commits: the timer does not save.
	s.Hold()
	s.Changed(draft("1234"))
	time.Sleep(2 * draftDelay)
	if saves.Load() != 1 {
		t.Error("a held saver saved")
	}
	// Released after a refused decision: what changed meanwhile is saved.
	s.Release()
	deadline := time.Now().Add(10 * time.Second)
	for stored() != `{"note":"1234"}` && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if stored() != `{"note":"1234"}` {
		t.Errorf("after release: %s", stored())
	}
	// Dropped after a submit: nothing more is written.
	s.Changed(draft("12345"))
	s.Drop()
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if stored() != `{"note":"1234"}` {
		t.Errorf("a dropped change was saved: %s", stored())
	}
}
