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

// TestRatingCoversTheBundlesAcceptance: a bundle's 受理 is rated once for
// every member accepted and not yet rated, in the bundle's order; its 出件
// and a case of no bundle are rated alone.
func TestRatingCoversTheBundlesAcceptance(t *testing.T) {
	now := time.Now()
	link := func(part int) *CaseBundle {
		return &CaseBundle{ID: "b1", Code: "YJS1", Name: "新生儿出生一件事", Part: part, Of: 4}
	}
	m := []*Case{
		{ID: "1", Bundle: link(1), State: StateAccepted, AcceptedAt: now},
		{ID: "2", Bundle: link(2), State: StateDelivered, AcceptedAt: now},
		{ID: "3", Bundle: link(3), State: StateCorrection}, // not accepted yet
		{ID: "4", Bundle: link(4), State: StateAccepted, AcceptedAt: now, Ratings: []Rating{{Stage: StageAccept, Level: RateGood}}},
		{ID: "5", Bundle: &CaseBundle{ID: "b2", Part: 1, Of: 2}, State: StateAccepted, AcceptedAt: now}, // another intake
	}
	ids := func(cs []*Case) (s string) {
		for _, c := range cs {
			s += c.ID
		}
		return s
	}
	for _, tc := range []struct {
		c     *Case
		stage RatingStage
		want  string
	}{
		{m[1], StageAccept, "12"},
		{m[0], StageAccept, "12"},
		{m[1], StageDeliver, "2"},
		{m[2], StageAccept, "123"}, // the case asked about is among them even when it cannot be rated: its refusal is named
		{&Case{ID: "9", State: StateAccepted, AcceptedAt: now}, StageAccept, "9"},
	} {
		if got := ids(RatingCovers(tc.c, m, tc.stage)); got != tc.want {
			t.Errorf("%s of case %s covers %q, want %q", tc.stage, tc.c.ID, got, tc.want)
		}
	}
}
