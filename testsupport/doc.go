// Package testsupport is the folder of what only tests use (pdftext reads
// back the notices' text). No program imports it: meta/imports_test.go
// checks that.
package testsupport
