package hall

import (
	"context"
	"encoding/json"
	"time"
)

// Draft is an application being filled at the window, kept exactly as
// typed: values need not be valid yet, so the applicant block and the
// item's form are raw JSON objects of what the clerk entered. A draft is
// saved as the clerk types and on every navigation, and leaves the draft
// list only when the clerk discards it or submits it as a case.
type Draft struct {
	ID            string          `json:"id"` // made on the desk
	ItemCode      string          `json:"item_code"`
	ItemName      string          `json:"item_name"`
	SchemaVersion int             `json:"schema_version"` // version of the item's form it is filled with
	Applicant     json.RawMessage `json:"applicant,omitempty"`
	Form          json.RawMessage `json:"form,omitempty"`
	Materials     []CaseMaterial  `json:"materials,omitempty"`
	Notes         string          `json:"notes,omitempty"` // correction list or refusal reason being written
	Title         string          `json:"title"`           // who applies, for the draft list
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`

	// Schema, when set, is the form schema of SchemaVersion; saving keeps
	// it (once per item and version) so the draft and its case can always
	// be shown with the form they were filled with.
	Schema json.RawMessage `json:"-"`
}

// DraftSummary is a draft as the draft list shows it.
type DraftSummary struct {
	ID        string
	ItemCode  string
	ItemName  string
	Title     string
	UpdatedAt time.Time
	Owner     string // login name of who started it; "" for a draft older than owners
	OwnerName string // the owner's display name, as the draft box marks it
}

// DraftService keeps drafts. Each method is one transaction.
type DraftService interface {
	// SaveDraft creates or replaces the draft with d.ID.
	SaveDraft(ctx context.Context, d *Draft) error
	// Draft returns an open draft and the schema it is filled with; a user
	// opening a draft without an owner becomes its owner, and another
	// user's draft is not found (an admin may open it).
	Draft(ctx context.Context, id string) (*Draft, json.RawMessage, error)
	// ListDrafts lists open drafts, newest first; query, when not empty,
	// keeps those whose applicant, item name or item code contain it. A
	// user sees their own drafts and those without an owner; an admin and
	// the desk itself see all.
	ListDrafts(ctx context.Context, query string, limit int) ([]DraftSummary, error)
	// DiscardDraft takes a draft off the list on the clerk's explicit
	// request. The row is kept (state discarded), never deleted.
	DiscardDraft(ctx context.Context, id string) error
	// FormSchema returns the schema an item's form had at a version, as
	// kept when a draft or case was filled with it.
	FormSchema(ctx context.Context, itemCode string, version int) (json.RawMessage, error)
}
