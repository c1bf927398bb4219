package forms

import "testing"

func TestShownFollowsConditionsAndChains(t *testing.T) {
	s, err := Parse([]byte(`{"version":1,"fields":[
		{"key":"reason","label":"事由","type":"select","options":["补录","其他"]},
		{"key":"other","label":"其他事由","type":"select","options":["甲","乙"],"show_if":{"field":"reason","equals":"其他"}},
		{"key":"detail","label":"说明","type":"text","show_if":{"field":"other","in":["乙"]}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		v    Values
		want [3]bool
	}{
		{Values{}, [3]bool{true, false, false}},
		{Values{"reason": "其他"}, [3]bool{true, true, false}},
		{Values{"reason": "其他", "other": "乙"}, [3]bool{true, true, true}},
		{Values{"reason": "补录", "other": "乙"}, [3]bool{true, false, false}}, // hidden parent hides the chain
	} {
		got := Shown(s.Fields, tc.v)
		if [3]bool(got) != tc.want {
			t.Errorf("Shown(%v) = %v, want %v", tc.v, got, tc.want)
		}
	}
}
