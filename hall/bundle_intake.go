package hall

import (
	"context"
	"encoding/json"
)

// BundleSubmission is one intake of a bundle (一件事) at the window: a case
// for each member, each with its decision, committed with the draft closed
// as one transaction. The store gives every case the same CaseBundle.
type BundleSubmission struct {
	DraftID string
	Bundle  CaseBundle // Code and Name; the store makes the ID and numbers the parts
	Parts   []BundlePart
}

// BundlePart is one member's case of a bundle intake.
type BundlePart struct {
	Case   *Case
	Schema json.RawMessage // the member's form schema the case was filled with
	Decide func(c *Case) (Event, error)
}

// BundleIntakeService commits intakes of bundles.
type BundleIntakeService interface {
	// SubmitBundle opens every part's case (收件) with its number, applies
	// its decision, records every event with its outbox entry and closes
	// the draft, all in one transaction: all the cases or none. It returns
	// the cases and, for each, its events.
	SubmitBundle(ctx context.Context, s BundleSubmission) ([]*Case, [][]Event, error)
}

// BundleParts makes the parts of a bundle intake from what the window
// holds: the applicant once, the one form's values and the one materials
// list, each member's case given the fields and materials its own item
// asks for, and the decision d made for each member with that member's
// item (its materials and time limit).
func BundleParts(mb *MergedBundle, applicant Applicant, form json.RawMessage, mats []CaseMaterial, d Decision) ([]BundlePart, error) {
	parts := make([]BundlePart, 0, len(mb.Members))
	for i := range mb.Members {
		it := &mb.Members[i]
		f, err := mb.MemberForm(i, form)
		if err != nil {
			return nil, Wrap(EInvalid, err, "一件事的表单内容无法读取")
		}
		c := &Case{ItemCode: it.Code, ItemName: it.Name, Department: it.Department,
			SchemaVersion: FormVersion(it.Form), Applicant: applicant, Form: f,
			Materials: MemberMaterials(it, mats)}
		dec := d
		dec.Item = it
		parts = append(parts, BundlePart{Case: c, Schema: it.Form, Decide: dec.Event})
	}
	return parts, nil
}
