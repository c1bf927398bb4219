package protocol

import (
	"fmt"
	"time"
)

// FaultKind tells the sync engine what kind of failure a request met, which
// decides between waiting, shrinking the batch and parking a record.
type FaultKind int

// Fault kinds.
const (
	FaultLink     FaultKind = iota + 1 // no answer: refused, reset, timed out. Nothing is known of the request.
	FaultServer                        // the platform answered 5xx or 429: try later
	FaultAuth                          // 401/403: the desk's credentials are refused
	FaultRequest                       // 400/422 for the request as a whole
	FaultTooLarge                      // 413
	FaultGone                          // 404/410: e.g. an upload the platform no longer holds
	FaultConflict                      // 409: e.g. an upload offset that moved
	FaultChecksum                      // 460: the file's content does not match its hash
)

// Fault is a failed request, classified.
type Fault struct {
	Kind    FaultKind
	Status  int    // HTTP status, 0 when none came
	Code    string // the platform's code, if it sent one
	Message string // the platform's message, if it sent one
	// RetryAfter is when the platform asked to be tried again (its
	// Retry-After, capped by the desk), 0 when it did not say.
	RetryAfter time.Duration
	Err        error
}

func (f *Fault) Error() string {
	if f.Err != nil {
		return fmt.Sprintf("fault %d (status %d %s): %v", f.Kind, f.Status, f.Code, f.Err)
	}
	return fmt.Sprintf("fault %d (status %d %s): %s", f.Kind, f.Status, f.Code, f.Message)
}

func (f *Fault) Unwrap() error { return f.Err }

// Busy reports whether the platform answered that it is too busy to take
// the request now (it did nothing with it).
func (f *Fault) Busy() bool { return f.Code == CodeBusy }

// Transient reports whether waiting and trying again may help.
func (f *Fault) Transient() bool { return f.Kind == FaultLink || f.Kind == FaultServer }

// KindOfStatus classifies an HTTP status.
func KindOfStatus(status int) FaultKind {
	switch {
	case status == 401 || status == 403:
		return FaultAuth
	case status == 413:
		return FaultTooLarge
	case status == 404 || status == 410:
		return FaultGone
	case status == 409:
		return FaultConflict
	case status == StatusChecksumMismatch:
		return FaultChecksum
	case status == 423 || status == 429 || status >= 500: // 423: an upload still locked by a cut request
		return FaultServer
	default:
		return FaultRequest
	}
}
