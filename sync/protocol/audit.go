package protocol

// PathAudit receives a desk's audit log, in order.
const PathAudit = "/api/v1/audit"

// AuditRecord is one record of a desk's audit log (a hash chain), with its
// fields exactly as they were hashed. Its own hash is not sent: the
// platform recomputes the chain from AuditPush.Prev and checks it against
// AuditPush.Last (hashes do not compress; on a township link 2,000 of them
// cost a minute).
type AuditRecord struct {
	Seq      int64  `json:"seq"`
	ID       string `json:"id"`
	At       string `json:"at"` // RFC 3339, UTC, as hashed
	UserID   string `json:"user_id"`
	UserName string `json:"user_name"`
	Role     string `json:"role"`
	Action   string `json:"action"`
	Object   string `json:"object"`
	Outcome  string `json:"outcome"`
	Detail   string `json:"detail"`
}

// Fields are the hashed fields in their fixed order.
func (r AuditRecord) Fields() []string {
	return []string{r.ID, r.At, r.UserID, r.UserName, r.Role, r.Action, r.Object, r.Outcome, r.Detail}
}

// AuditPush is a run of records in the desk's order, with the hash before
// the first and the hash of the last.
type AuditPush struct {
	Prev    string        `json:"prev"`
	Records []AuditRecord `json:"records"`
	Last    string        `json:"last"`
}

// AuditResult says up to which record the platform holds the desk's log;
// the desk sends from the next one on.
type AuditResult struct {
	Through int64  `json:"through"`
	Broken  string `json:"broken,omitempty"` // why the next record was not taken, Chinese
}
