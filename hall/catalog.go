package hall

import (
	"context"
	"time"
)

// ImportOptions says where a batch of catalog entries comes from and
// whether it is the whole list.
type ImportOptions struct {
	// Source is recorded in each entry's history: a file name, "平台", …
	Source string
	// Full means the batch is the complete implementation list: every entry
	// in use that the batch does not name is marked 已取消 (never deleted:
	// cases refer to it).
	Full bool
}

// ChangeKind is what one import did to one catalog entry.
type ChangeKind string

// Kinds of change kept in an entry's history.
const (
	ChangeAdded     ChangeKind = "新增"
	ChangeUpdated   ChangeKind = "更新"
	ChangeWithdrawn ChangeKind = "取消"
	ChangeRestored  ChangeKind = "恢复"
)

// ItemChange is one line of an entry's history: what changed, when and
// from where. Fields are the Chinese names of the changed fields.
type ItemChange struct {
	Code    string
	Version int
	At      time.Time
	Kind    ChangeKind
	Source  string
	Fields  []string
}

// CatalogImporter applies a batch of entries, from a file or from the
// platform, in one transaction: every entry is checked first and any
// problem refuses the whole batch. Known entries (by Code, else by
// TaskCode) are updated and keep their history; new ones are added.
type CatalogImporter interface {
	ImportCatalog(ctx context.Context, items []Item, opt ImportOptions) (ImportResult, error)
	History(ctx context.Context, code string) ([]ItemChange, error)
}

// CatalogFiles imports a catalog file (docs/catalog-import.md) the way
// `yichuang catalog import` does: read and checked whole, then applied in
// one transaction. full means the file is the complete list.
type CatalogFiles interface {
	ImportFile(ctx context.Context, path string, full bool) (ImportResult, error)
}
