package hall

import (
	"strings"
	"testing"
	"time"
)

func rated(t *testing.T, c *Case, r Rating) error {
	t.Helper()
	ev, err := RatingEvent(r)
	if err != nil {
		t.Fatal(err)
	}
	ev.At = time.Date(2026, 12, 2, 10, 0, 0, 0, Zone)
	before := c.State
	applied, err := Apply(c, ev)
	if err == nil && (applied.From != before || applied.To != before || c.State != before) {
		t.Errorf("a rating moved the case: %s → %s", applied.From, applied.To)
	}
	return err
}

func TestRatingOncePerStageReasonForTheLowestTwo(t *testing.T) {
	c := &Case{No: "341122-20261202-01-0001", State: StateReceived}
	if err := rated(t, c, Rating{Stage: StageAccept, Level: RateGood}); ErrorCode(err) != EConflict {
		t.Errorf("rating before 受理: %v", err)
	}
	c.State, c.AcceptedAt = StateAccepted, time.Now()
	for _, tc := range []struct {
		r    Rating
		want string
	}{
		{Rating{Stage: StageAccept, Level: "还行"}, "请选择评价"},
		{Rating{Stage: StageAccept, Level: RatePoor}, "评价为“不满意”时请填写原因"},
		{Rating{Stage: StageAccept, Level: RateVeryPoor, Reason: "  "}, "评价为“非常不满意”时请填写原因"},
		{Rating{Stage: StageAccept, Level: RatePoor, Reason: strings.Repeat("慢", MaxRatingReason+1)}, "不能超过500个字"},
		{Rating{Stage: "审批", Level: RateGood}, "评价环节"},
		{Rating{Stage: StageDeliver, Level: RateGood}, "尚未出件"},
	} {
		if err := rated(t, c, tc.r); !strings.Contains(ErrorMessage(err), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.r, err, tc.want)
		}
	}
	if len(c.Ratings) != 0 {
		t.Fatalf("refused ratings kept: %+v", c.Ratings)
	}
	if err := rated(t, c, Rating{Stage: StageAccept, Level: RateVeryPoor, Reason: "等了两个小时"}); err != nil {
		t.Fatal(err)
	}
	err := rated(t, c, Rating{Stage: StageAccept, Level: RateVeryGood})
	if ErrorCode(err) != EConflict || !strings.Contains(ErrorMessage(err), "一次一评") {
		t.Errorf("a second rating of 受理: %v", err)
	}
	if r, ok := c.Rated(StageAccept); !ok || r.Level != RateVeryPoor || r.Reason != "等了两个小时" || r.Channel != ChannelWindow {
		t.Errorf("kept rating = %+v", r)
	}
	c.State = StateDelivered
	if err := rated(t, c, Rating{Stage: StageDeliver, Level: RateFair, Channel: ChannelQR}); err != nil {
		t.Fatal(err)
	}
	if len(c.Ratings) != 2 || c.Ratings[1].Channel != ChannelQR {
		t.Errorf("ratings = %+v", c.Ratings)
	}
}

func TestRatingLevels(t *testing.T) {
	var scores []int
	for _, l := range RatingLevels() {
		scores = append(scores, l.Score())
	}
	if len(scores) != 5 || scores[0] != 5 || scores[4] != 1 || RatingLevel("").Score() != 0 {
		t.Errorf("scores = %v", scores)
	}
	if RateFair.Bad() || !RatePoor.Bad() || !RateVeryPoor.Bad() {
		t.Error("差评 are the two lowest")
	}
}
