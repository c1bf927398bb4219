package protocol

import (
	"encoding/json"
	"time"
)

// Health is the unsigned answer of GET /api/v1/health.
type Health struct {
	Status     string `json:"status"` // "ok"
	ServerTime int64  `json:"server_time"`
	Version    string `json:"version"`
}

// CaseView is a case as the platform holds it.
type CaseView struct {
	Case     json.RawMessage   `json:"case"`
	Events   []json.RawMessage `json:"events"`
	Files    []FileView        `json:"files"`
	Complete bool              `json:"complete"` // every file the case refers to has arrived
	DeskID   string            `json:"desk_id"`
	Updated  time.Time         `json:"updated_at"`
	// Bundle lists every case of the same intake of a bundle (一件事), this
	// one included, in the bundle's order; empty for a case of its own.
	Bundle []BundleCase `json:"bundle_cases,omitempty"`
}

// BundleCase is one case of a bundle intake as a case view lists it.
type BundleCase struct {
	No         string `json:"no"`
	ItemCode   string `json:"item_code"`
	ItemName   string `json:"item_name"`
	State      string `json:"state"`
	Part       int    `json:"part"`
	Of         int    `json:"of"`
	BundleCode string `json:"bundle_code"`
	BundleName string `json:"bundle_name"`
}

// FileView is one file a case refers to.
type FileView struct {
	SHA256   string `json:"sha256"`
	Name     string `json:"name"`
	Size     int64  `json:"size"`
	Received bool   `json:"received"`
}

// FileStatus is the answer of GET /api/v1/files/{sha256}.
type FileStatus struct {
	SHA256   string `json:"sha256"`
	Size     int64  `json:"size"`
	Verified bool   `json:"verified"`
}

// Stats are the platform's counters.
type Stats struct {
	Cases         int `json:"cases"`
	CasesComplete int `json:"cases_complete"`
	Events        int `json:"events"`
	OpsApplied    int `json:"ops_applied"`
	OpsDuplicate  int `json:"ops_duplicate"`
	OpsRejected   int `json:"ops_rejected"`
	Files         int `json:"files"`
	UploadsOpen   int `json:"uploads_open"` // started, not finished: partial files
	Desks         int `json:"desks"`
	Changes       int `json:"changes"`
	AuditRecords  int `json:"audit_records"`
}
