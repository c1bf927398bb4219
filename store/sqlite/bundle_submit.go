package sqlite

import (
	"context"

	"yichuang/hall"
)

// SubmitBundle commits one intake of a bundle (一件事) in one transaction:
// for each member its case with its number, 收件 event, decision event and
// their outbox entries, the member's form schema kept, every case carrying
// the same CaseBundle; then the draft closed. All the cases or none.
func (s *Drafts) SubmitBundle(ctx context.Context, sub hall.BundleSubmission) ([]*hall.Case, [][]hall.Event, error) {
	if len(sub.Parts) == 0 {
		return nil, nil, hall.Errorf(hall.EInvalid, "一件事没有要提交的办件")
	}
	var cases []*hall.Case
	var events [][]hall.Event
	err := s.db.Update(ctx, func(tx *Tx) error {
		cases, events = nil, nil
		if err := checkBundleMembers(ctx, tx, sub); err != nil {
			return err
		}
		link := sub.Bundle
		link.ID, link.Of = NewID(), len(sub.Parts)
		for i, p := range sub.Parts {
			if p.Case == nil {
				return hall.Errorf(hall.EInvalid, "一件事的第 %d 个办件为空", i+1)
			}
			cc := *p.Case // a failed attempt leaves the caller's cases as they were
			c := &cc
			l := link
			l.Part = i + 1
			c.Bundle = &l
			if c.ID == "" {
				c.ID = NewID()
			}
			if err := keepSchema(ctx, tx, c.ItemCode, c.SchemaVersion, p.Schema); err != nil {
				return err
			}
			recv, err := startCase(ctx, tx, c, hall.Event{ID: NewID(), Action: hall.ActReceive, At: tx.Now, Actor: c.Clerk}, nil)
			if err != nil {
				return err
			}
			evs := []hall.Event{recv}
			if p.Decide != nil {
				ev, err := p.Decide(c)
				if err != nil {
					return hall.Wrap(hall.ErrorCode(err), err, "%s：%s", c.ItemName, hall.ErrorMessage(err))
				}
				applied, err := decideNew(ctx, tx, c, ev)
				if err != nil {
					return err
				}
				evs = append(evs, applied)
			}
			cases, events = append(cases, c), append(events, evs)
		}
		if len(cases) == 0 {
			return nil
		}
		return closeDraft(ctx, tx, sub.DraftID, cases[0].ID)
	})
	if err != nil {
		return nil, nil, err
	}
	for _, c := range cases {
		s.db.maskCase(c)
	}
	return cases, events, nil
}

// checkBundleMembers refuses an intake whose cases are not the bundle's
// members as the catalog lists them now (the bundle changed while the
// draft was open), so no case opens for an item the bundle dropped.
func checkBundleMembers(ctx context.Context, tx *Tx, sub hall.BundleSubmission) error {
	b, _, err := oldItem(ctx, tx, sub.Bundle.Code)
	if err != nil {
		return err
	}
	if !b.IsBundle() {
		return hall.Errorf(hall.EInvalid, "“%s”不是一件事", b.Name)
	}
	if len(b.Members) != len(sub.Parts) {
		return hall.Errorf(hall.EConflict, "一件事“%s”的事项已变更（现有 %d 项），请重新打开后再提交", b.Name, len(b.Members))
	}
	for i, p := range sub.Parts {
		if p.Case == nil || p.Case.ItemCode != b.Members[i] {
			return hall.Errorf(hall.EConflict, "一件事“%s”的事项已变更，请重新打开后再提交", b.Name)
		}
	}
	return nil
}

// checkBundlesKnown refuses a file whose bundles list an item the catalog
// (with the file) does not hold. The platform's changes are not held to
// it: a bundle may come a page before its members, and intake refuses a
// bundle with a missing member by name.
func checkBundlesKnown(ctx context.Context, tx *Tx, items []hall.Item) error {
	for i := range items {
		for _, m := range items[i].Members {
			var one int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM items WHERE code = ?", m).Scan(&one); err != nil {
				return err
			}
			if one == 0 {
				return hall.Errorf(hall.EInvalid, "一件事“%s”（编码 %s）包含的事项编码“%s”不在事项目录中，未导入任何事项",
					items[i].Name, items[i].Code, m)
			}
		}
	}
	return nil
}
