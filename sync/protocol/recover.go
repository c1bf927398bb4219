package protocol

import (
	"encoding/json"
	"time"
)

// Paths of disaster recovery (docs/adr/0016).
const (
	PathRecover        = "/api/v1/recover"         // a desk restored, replaced, or facing a restored platform
	PathOwnCases       = "/api/v1/own-cases"       // the list of the asking desk's cases on the platform
	PathOwnCasesFetch  = "/api/v1/own-cases/fetch" // some of them in full, with their events
	MaxOwnCasesPage    = 1000                      // ids per list page
	MaxOwnCasesFetch   = 100                       // cases per fetch
	DefaultOwnCaseList = 500
)

// HeaderEpoch carries the platform epoch the desk last saw on every signed
// request: a platform restored since refuses the request whole
// (CodeEpoch) rather than apply records that follow ones it lost.
const HeaderEpoch = "X-Yc-Epoch"

// RecoverRequest tells the platform the desk's generation and the restore
// (or registration) that gave it.
type RecoverRequest struct {
	Generation int    `json:"generation"`
	Claim      string `json:"claim"` // an id made by the restore, the same on every retry
}

// RecoverResponse is what the desk needs to rejoin: the generation to
// number with from now on, and how far the platform holds this desk
// (after the platform's own restore it may hold less than the desk sent).
type RecoverResponse struct {
	Generation int    `json:"generation"`
	Epoch      string `json:"epoch"`
	// BackupAt is the time of the backup the platform was last restored
	// from (zero if never): what the desk settled after it may be lost.
	BackupAt time.Time `json:"backup_at,omitzero"`
	// ChangesThrough is the last change sequence that backup held: the
	// desk's pull cursors must not stand beyond it.
	ChangesThrough int64 `json:"changes_through"`
	AuditThrough   int64 `json:"audit_through"` // the desk's audit records the platform holds
	Cases          int   `json:"cases"`         // the desk's cases the platform holds
}

// OwnCasesRequest pages through the asking desk's cases, in the order
// the platform received them.
type OwnCasesRequest struct {
	After int64 `json:"after"`
	Limit int   `json:"limit,omitempty"`
}

// OwnCaseRef is one case in the list: enough to tell whether the desk has
// it whole.
type OwnCaseRef struct {
	ID     string `json:"id"`
	No     string `json:"no"`
	Events int    `json:"events"`
}

// OwnCasesResponse is one page of the list.
type OwnCasesResponse struct {
	Cases []OwnCaseRef `json:"cases"`
	Next  int64        `json:"next"`
	More  bool         `json:"more"`
}

// OwnCasesFetch asks for cases in full, by id.
type OwnCasesFetch struct {
	IDs []string `json:"ids"`
}

// OwnCase is a case as the platform holds it, with every event in order.
type OwnCase struct {
	Case    json.RawMessage   `json:"case"`
	Events  []json.RawMessage `json:"events"`
	Origins []string          `json:"origins"` // per event: "desk" or "platform" (a back-office decision)
}

// OwnCasesFetched answers OwnCasesFetch.
type OwnCasesFetched struct {
	Cases []OwnCase `json:"cases"`
}
