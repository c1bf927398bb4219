package sqlite

import (
	"context"
	"testing"
)

// What the store's external tests (package sqlite_test: those that build on
// testsupport, which imports this package) need of its insides.

// DeadlineDB is deadlineDB: a desk with the bundled calendar, two items and
// its codes.
func DeadlineDB(t testing.TB) *DB { return deadlineDB(t) }

// CaseIDOf is the id of the case numbered no.
func CaseIDOf(db *DB, no string) (string, error) {
	var id string
	err := db.read.QueryRowContext(context.Background(), "SELECT id FROM cases WHERE no = ?", no).Scan(&id)
	return id, err
}
