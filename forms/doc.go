// Package forms reads the form schema of a service item (docs/form-schema.md)
// and checks the values a clerk enters against it: each field's own rules,
// the identifier checks (resident ID, unified social credit code, phone,
// region code) and the cross-field rules. It is pure: no I/O, and every
// check that depends on the date takes it as an argument, except the
// exported Check* functions, which read the package clock.
package forms
