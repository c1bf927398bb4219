package hall

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Urge is a 督办: a supervisor's demand that the desk handling a case act
// on it and reply by a day (docs/adr/0020), and the reply.
type Urge struct {
	ID        string
	CaseID    string // at the handling desk; empty at the supervisor's
	CaseNo    string
	Reason    string
	ReplyBy   string // the hall's day, YYYY-MM-DD
	By        string // the supervisor's name
	At        time.Time
	Reply     string
	RepliedBy string
	RepliedAt time.Time
}

// Answered reports whether the desk replied.
func (u Urge) Answered() bool { return !u.RepliedAt.IsZero() }

// CheckUrgeText checks a 督办 reason or reply: 1 to 500 characters.
func CheckUrgeText(field, s string) error {
	if strings.TrimSpace(s) == "" {
		return Errorf(EInvalid, "“%s”不能为空", field)
	}
	if n := utf8.RuneCountInString(s); n > 500 {
		return Errorf(EInvalid, "“%s”最多500字，现为%d字", field, n)
	}
	return nil
}

// UrgeService is 督办 at the desk: a supervisor sends one on a case of its
// scope, the clerks of the desk that handles the case answer it.
type UrgeService interface {
	SendUrge(ctx context.Context, no, reason, replyBy string) (Urge, error)
	ReplyUrge(ctx context.Context, id, reply string) error
	// Urges lists received (incoming) or sent 督办; open: unanswered only.
	Urges(ctx context.Context, incoming, open bool) ([]Urge, error)
}
