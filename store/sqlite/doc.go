// Package sqlite is the only package that speaks SQL. It keeps everything
// that must not be lost in one SQLite file (modernc.org/sqlite, pure Go):
// WAL, synchronous=FULL, foreign keys, a busy timeout. Writes go through a
// single connection that begins IMMEDIATE transactions, so a user action
// never fails half-way on a lock upgrade; reads use a separate pool.
//
// It implements the service interfaces of package hall.
package sqlite
