package hall

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// 好差评 (国办发〔2019〕51号): the applicant rates each service, once a stage
// (一次一评) and for each case (一事一评): after 受理 and after 出件. A rating is
// an event like 超期原因 — kept, audited, pushed to the platform with the
// case exactly once — that leaves the case's state as it is; the case keeps
// its ratings, so a second rating of the same stage is refused on the desk
// and on the platform, and nobody can change one once given.

// ActRate records the applicant's rating of one stage.
const ActRate Action = "rate"

// RatingLevel is one of the five national levels.
type RatingLevel string

// The five levels, best first.
const (
	RateVeryGood RatingLevel = "非常满意"
	RateGood     RatingLevel = "满意"
	RateFair     RatingLevel = "基本满意"
	RatePoor     RatingLevel = "不满意"
	RateVeryPoor RatingLevel = "非常不满意"
)

// RatingLevels lists the levels, best first, as the applicant sees them.
func RatingLevels() []RatingLevel {
	return []RatingLevel{RateVeryGood, RateGood, RateFair, RatePoor, RateVeryPoor}
}

// Score is 5 for 非常满意 down to 1 for 非常不满意, 0 for no level.
func (l RatingLevel) Score() int {
	for i, x := range RatingLevels() {
		if x == l {
			return 5 - i
		}
	}
	return 0
}

// Bad reports a 差评 (不满意, 非常不满意): it needs a reason, and the hall
// must follow it up (整改).
func (l RatingLevel) Bad() bool { return l == RatePoor || l == RateVeryPoor }

// RatingStage is the service being rated.
type RatingStage string

// Stages an applicant rates.
const (
	StageAccept  RatingStage = "受理"
	StageDeliver RatingStage = "出件"
)

// Rating channels.
const (
	ChannelWindow = "窗口" // at the counter: the second screen or the turned-round dialog
	ChannelQR     = "扫码" // later, through the receipt's QR code
)

// MaxRatingReason bounds a rating's reason, in characters.
const MaxRatingReason = 500

// Rating is what the applicant gave for one stage of a case.
type Rating struct {
	Stage   RatingStage `json:"stage"`
	Level   RatingLevel `json:"level"`
	Reason  string      `json:"reason,omitempty"`
	Channel string      `json:"channel"`
	At      time.Time   `json:"at"`
}

// RatingEvent is the event that records r.
func RatingEvent(r Rating) (Event, error) {
	r.Reason = strings.TrimSpace(r.Reason)
	if r.Channel == "" {
		r.Channel = ChannelWindow
	}
	data, err := json.Marshal(r)
	if err != nil {
		return Event{}, err
	}
	return Event{Action: ActRate, Reason: r.Reason, Data: data, At: r.At}, nil
}

// RatingOf reads the rating an ActRate event records.
func RatingOf(ev Event) (Rating, bool) {
	var r Rating
	if ev.Action != ActRate || json.Unmarshal(ev.Data, &r) != nil {
		return Rating{}, false
	}
	if r.At.IsZero() {
		r.At = ev.At
	}
	return r, true
}

// Rated is c's rating of stage, if it has one.
func (c *Case) Rated(stage RatingStage) (Rating, bool) {
	for _, r := range c.Ratings {
		if r.Stage == stage {
			return r, true
		}
	}
	return Rating{}, false
}

// rateStates are the states in which a case can be rated: from 受理 on.
var rateStates = map[State]bool{StateAccepted: true, StateReview: true, StateSpecial: true,
	StateDecided: true, StateDelivered: true}

func checkRating(c *Case, ev Event) (Rating, error) {
	r, ok := RatingOf(ev)
	if !ok {
		return r, Errorf(EInvalid, "评价记录无法读取")
	}
	switch {
	case r.Level.Score() == 0:
		return r, Errorf(EInvalid, "请选择评价：非常满意、满意、基本满意、不满意或非常不满意")
	case r.Level.Bad() && strings.TrimSpace(r.Reason) == "":
		return r, Errorf(EInvalid, "评价为“%s”时请填写原因", r.Level)
	case utf8.RuneCountInString(r.Reason) > MaxRatingReason:
		return r, Errorf(EInvalid, "评价原因不能超过%d个字，现为%d个字", MaxRatingReason, utf8.RuneCountInString(r.Reason))
	case r.Stage != StageAccept && r.Stage != StageDeliver:
		return r, Errorf(EInvalid, "评价环节应为“受理”或“出件”，现为“%s”", r.Stage)
	case r.Stage == StageAccept && c.AcceptedAt.IsZero():
		return r, Errorf(EConflict, "办件 %s 尚未受理，不能评价受理服务", c.No)
	case r.Stage == StageDeliver && c.State != StateDelivered:
		return r, Errorf(EConflict, "办件 %s 尚未出件，不能评价出件服务", c.No)
	}
	if got, done := c.Rated(r.Stage); done {
		return r, Errorf(EConflict, "办件 %s 的%s服务已评价为“%s”，一次一评，不能再评或更改", c.No, r.Stage, got.Level)
	}
	return r, nil
}

// SettingRatingWindow: "1" when the hall's window has a second screen
// facing the applicant, where the rating opens in a window of its own;
// otherwise the clerk turns the screen round to a dialog.
const SettingRatingWindow = "rating.second_window"

// RatingCode is the 评价码 printed on a case's notices beside its QR code:
// eight digits derived from the case's id (a UUIDv7 with 74 random bits,
// known to the desk and the platform, printed nowhere) and its number. The
// platform's public rating route asks for it with the number, so only who
// holds the paper can rate the case: walking case numbers finds nothing
// (docs/adr/0019). Pure: the desk prints it offline, the platform checks it.
func RatingCode(caseID, caseNo string) string {
	if caseID == "" || caseNo == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("yichuang 评价码\x00" + caseID + "\x00" + caseNo))
	return fmt.Sprintf("%08d", binary.BigEndian.Uint64(sum[:8])%100000000)
}

// Rateable reports whether stage of c can be rated now: reached (受理 once
// accepted, 出件 once delivered), in a state that takes a rating, and not
// rated yet.
func (c *Case) Rateable(stage RatingStage) bool {
	if _, done := c.Rated(stage); done || !rateStates[c.State] {
		return false
	}
	switch stage {
	case StageAccept:
		return !c.AcceptedAt.IsZero()
	case StageDeliver:
		return c.State == StateDelivered
	}
	return false
}

// RatingCovers is the cases one rating of stage given for c counts for, in
// the bundle's order, each to be recorded as its own event. A bundle's 受理
// (一件事一次办) is one service: one window took in the applicant's one
// application, so one rating counts for every case of the bundle that was
// accepted and not yet rated (bundle: the cases of c's bundle). Every other
// stage is the case's own: a member's 办结 and 出件 are its department's, on
// its own day, and rated for that case alone (一事一评). c is always among
// them, so that a refusal names it.
func RatingCovers(c *Case, bundle []*Case, stage RatingStage) []*Case {
	if c.Bundle == nil || stage != StageAccept {
		return []*Case{c}
	}
	var out []*Case
	seen := false
	for _, m := range bundle {
		switch {
		case m.ID == c.ID:
			out, seen = append(out, c), true
		case m.Bundle != nil && m.Bundle.ID == c.Bundle.ID && m.Rateable(stage):
			out = append(out, m)
		}
	}
	if !seen {
		out = append([]*Case{c}, out...)
	}
	return out
}

// RatingService records a rating given at the window.
type RatingService interface {
	// Rate records r for the case and for every other case it counts for
	// (RatingCovers): one rating event per case, each with its outbox
	// entry, audit record and ratings row, all in one transaction; a
	// refusal of any of them records none. It returns the cases rated.
	Rate(ctx context.Context, caseID string, r Rating) ([]*Case, error)
	// BundleCases lists the cases of the case's bundle (一件事) in the
	// bundle's order, the case among them; none for a case of no bundle.
	BundleCases(ctx context.Context, caseID string) ([]*Case, error)
}
