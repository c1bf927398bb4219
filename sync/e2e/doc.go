// Package e2e holds the end-to-end tests of sync: a real desk (SQLite in a
// temporary directory, the cli's own commands), the real platform server on
// loopback, and a simulated weak link between them (sync/linksim). After
// every scenario each case must be on the platform exactly once and equal
// to the desk's, with every file whole and the desk's queue empty.
package e2e
