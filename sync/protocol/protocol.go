// Package protocol holds what the desk and the platform say to each other:
// the paths, the headers, the JSON bodies, the codes that answer each
// operation and the request signature. Both the transport (client) and the
// reference platform import it, so the two cannot drift apart. It does no
// I/O. docs/api.md describes the same thing for people.
package protocol

// Paths of the API, version 1.
const (
	PathHealth   = "/api/v1/health"
	PathRegister = "/api/v1/register"
	PathPush     = "/api/v1/push"
	PathPull     = "/api/v1/pull"
	PathCases    = "/api/v1/cases/"   // + case number
	PathFiles    = "/api/v1/files/"   // + SHA-256: a file's status
	PathUploads  = "/api/v1/uploads/" // tus uploads
	PathStats    = "/api/v1/stats"
)

// Headers of a signed request, and the platform's clock on every answer.
const (
	HeaderDesk       = "X-Yc-Desk"
	HeaderTimestamp  = "X-Yc-Timestamp" // Unix milliseconds, desk clock corrected by the measured offset
	HeaderNonce      = "X-Yc-Nonce"
	HeaderBodySM3    = "X-Yc-Content-Sm3" // hex SM3 of the body bytes as sent
	HeaderSignature  = "X-Yc-Signature"   // hex HMAC-SM3, see Sign
	HeaderServerTime = "X-Yc-Server-Time" // Unix milliseconds, on every answer
)

// Streams of the pull.
const (
	StreamCatalog   = "catalog"
	StreamCalendar  = "calendar"
	StreamUsers     = "users"
	StreamDecisions = "decisions" // back-office events on the asking desk's cases
)

// Streams lists every pull stream.
func Streams() []string {
	return []string{StreamCatalog, StreamCalendar, StreamUsers, StreamDecisions, StreamUrges}
}

// Upload metadata keys (tus Upload-Metadata).
const (
	MetaSHA256 = "sha256"
	MetaName   = "filename"
	MetaCase   = "case_id"
)

// StatusChecksumMismatch is tus's status for a file whose content does not
// match its declared hash.
const StatusChecksumMismatch = 460
