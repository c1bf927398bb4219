package hall

import (
	"errors"
	"fmt"
)

// Error codes: for programs (sync, HTTP status mapping, tests). The message
// beside each is for people and is always Chinese.
const (
	EInvalid     = "invalid"     // bad input; the message names the field
	ENotFound    = "not_found"   // no such item, case, draft …
	EConflict    = "conflict"    // the action does not fit the current state
	EForbidden   = "forbidden"   // the user's role does not allow it
	ETransient   = "transient"   // try again later (network, busy database)
	EInternal    = "internal"    // a bug or a broken environment
	EUnsupported = "unsupported" // e.g. a database from a newer version
	ECorrupt     = "corrupt"     // a damaged or foreign file: never repaired silently
	ELocked      = "locked"      // another copy of the app holds the data directory
)

// Error is the project's error: a code for programs and a Chinese message
// for the clerk. Err keeps the wrapped detail for the log.
type Error struct {
	Code    string
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf makes an *Error with a formatted Chinese message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap makes an *Error that keeps err as its cause.
func Wrap(code string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal
// for any other error, "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the Chinese message for the clerk: the first
// *Error's message, or a generic one that does not leak internals.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "内部错误，请联系管理员"
}
