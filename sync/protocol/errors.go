package protocol

import "yichuang/hall"

// ErrorBody is the JSON of every failed request.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Codes of a failed request beyond hall's error codes.
const (
	CodeUnauthorized = "unauthorized" // unknown desk or bad signature
	CodeClockSkew    = "clock_skew"   // timestamp outside the replay window
	CodeReplay       = "replay"       // nonce seen before
	CodeTooLarge     = "too_large"
	CodeBadRequest   = "bad_request"  // the request as a whole cannot be read
	CodeRateLimited  = "rate_limited" // too many requests from one address: wait
	// CodeBusy: the platform has as much in hand as it takes on and did not
	// start the request; the desk comes back after the answer's Retry-After.
	CodeBusy = "busy"
	// CodeEpoch: the platform was restored since the desk's last contact
	// (its epoch differs from HeaderEpoch); the desk recovers, then resends.
	CodeEpoch = "epoch_changed"
)

// statusOf is the one map of codes to HTTP statuses, shared by both sides
// (numbers, so that this package stays free of net/http).
var statusOf = map[string]int{
	hall.EInvalid:     422,
	hall.ENotFound:    404,
	hall.EConflict:    409,
	hall.EForbidden:   403,
	hall.ETransient:   503,
	hall.EInternal:    500,
	hall.EUnsupported: 501,
	CodeUnauthorized:  401,
	CodeClockSkew:     401,
	CodeReplay:        401,
	CodeTooLarge:      413,
	CodeBadRequest:    400,
	CodeRateLimited:   429,
	CodeBusy:          503,
	CodeEpoch:         409,
}

// HTTPStatus is the status a failure with code is sent with.
func HTTPStatus(code string) int {
	if s, ok := statusOf[code]; ok {
		return s
	}
	return 500
}
