package hall

import (
	"strings"
	"testing"
	"time"
)

var wantMaterials = []Material{
	{Name: "申请书", Necessity: Required, Originals: 1},
	{Name: "身份证", Necessity: Required, Originals: 1, Copies: 1},
	{Name: "收入证明", Necessity: Deferrable, Originals: 1},
	{Name: "残疾人证", Necessity: Optional, Originals: 1, Copies: 1},
}

func TestMaterialGaps(t *testing.T) {
	const today = "2026-11-23"
	all := []CaseMaterial{{Name: "申请书", Originals: 1}, {Name: "身份证", Originals: 1, Copies: 1},
		{Name: "收入证明", Originals: 1}}
	with := func(m CaseMaterial) []CaseMaterial {
		out := append([]CaseMaterial(nil), all...)
		for i := range out {
			if out[i].Name == m.Name {
				out[i] = m
			}
		}
		return out
	}
	for _, tc := range []struct {
		name string
		got  []CaseMaterial
		want []string
	}{
		{"everything in hand", all, nil},
		{"nothing in hand", nil, []string{"申请书：未提交", "身份证：未提交", "收入证明：未提交（可容缺后补：约定补交期限即可受理）"}},
		{"copy missing", with(CaseMaterial{Name: "身份证", Originals: 1}), []string{"身份证：复印件不足（应交1份，收到0份）"}},
		{"a scan stands for the copy", with(CaseMaterial{Name: "身份证", Originals: 1, Files: []string{"ab"}}), nil},
		{"original not inspected", with(CaseMaterial{Name: "身份证", Copies: 1}), []string{"身份证：原件未核验（应交验1份）"}},
		{"electronic licence", with(CaseMaterial{Name: "身份证", LicenceRef: "DZZZ-1"}), nil},
		{"deferred with a date", with(CaseMaterial{Name: "收入证明", Deferred: true, DueDate: "2026-11-30"}), nil},
		{"deferred due today", with(CaseMaterial{Name: "收入证明", Deferred: true, DueDate: today}), nil},
		{"deferred without a date", with(CaseMaterial{Name: "收入证明", Deferred: true}), []string{"收入证明：容缺后补未填写补交期限"}},
		{"deferred in the past", with(CaseMaterial{Name: "收入证明", Deferred: true, DueDate: "2026-11-22"}), []string{"收入证明：补交期限2026-11-22早于今天"}},
		{"deferred on a bad date", with(CaseMaterial{Name: "收入证明", Deferred: true, DueDate: "2026-02-30"}), []string{"收入证明：补交期限“2026-02-30”不是有效日期（应为YYYY-MM-DD）"}},
		{"a required material cannot be deferred", with(CaseMaterial{Name: "申请书", Deferred: true, DueDate: "2026-11-30"}),
			[]string{"申请书：不属于可容缺后补的材料，须当场提交"}},
	} {
		var got []string
		for _, g := range MaterialGaps(wantMaterials, tc.got, today) {
			got = append(got, g.String())
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: gaps = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCorrectionListAndNotes(t *testing.T) {
	got := CorrectionList([]Gap{{"身份证", "未提交"}}, SplitNotes("  申请书未签字 \r\n\n 照片不清晰"))
	want := "1. 身份证：未提交\n2. 申请书未签字\n3. 照片不清晰"
	if got != want {
		t.Errorf("CorrectionList = %q, want %q", got, want)
	}
	if CorrectionList(nil, []string{" "}) != "" {
		t.Error("blank notes make a correction list")
	}
}

func TestProgressURL(t *testing.T) {
	for _, tc := range []struct{ tmpl, platform, want string }{
		{"https://zw.example.gov.cn/q?no={case_no}", "https://p", "https://zw.example.gov.cn/q?no=341122-20261123-01-0001"},
		{"", "https://platform.example/", "https://platform.example/api/v1/cases/341122-20261123-01-0001"},
		{" ", " ", ""},
	} {
		if got := ProgressURL(tc.tmpl, tc.platform, "341122-20261123-01-0001"); got != tc.want {
			t.Errorf("ProgressURL(%q, %q) = %q, want %q", tc.tmpl, tc.platform, got, tc.want)
		}
	}
}

func TestDecisionEvents(t *testing.T) {
	it := &Item{Materials: wantMaterials, PromiseLimit: Limit{Days: 20, Unit: WorkingDays},
		LegalLimit: Limit{Days: 30, Unit: WorkingDays}}
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	c := &Case{No: "341122-20261123-01-0001", ReceivedAt: at, Materials: []CaseMaterial{{Name: "申请书", Originals: 1}}}
	hi := HallInfo{Name: "清河县政务服务中心", Phone: "0550-7012345"}

	if _, err := (Decision{Action: ActAccept, Item: it}).Event(c); !strings.Contains(ErrorMessage(err), "材料不齐全") {
		t.Errorf("accept with gaps: %v", err)
	}
	ev, err := Decision{Action: ActRequestCorrection, Item: it, Hall: hi, Notes: []string{"申请书未签字"}}.Event(c)
	if err != nil {
		t.Fatal(err)
	}
	n, ok := NoticeOf(ev)
	if !ok || n.Kind != DocCorrection || len(n.Gaps) != 2 || n.QueryURL != "" || !strings.Contains(ev.Reason, "3. 申请书未签字") {
		t.Errorf("correction event = %+v, notice %+v", ev, n)
	}
	c.Materials = append(c.Materials, CaseMaterial{Name: "身份证", Originals: 1, Copies: 1}, CaseMaterial{Name: "收入证明", Originals: 1})
	ev, err = Decision{Action: ActAccept, Item: it, Hall: hi}.Event(c)
	// The decision sets no due date: the store counts them (one place).
	if err != nil || ev.PromiseDue != "" || ev.LegalDue != "" || !ev.At.Equal(at) {
		t.Errorf("accept event = %+v, %v", ev, err)
	}
	if _, err := (Decision{Action: ActDecide}).Event(c); ErrorCode(err) != EInvalid {
		t.Errorf("办结 at the window: %v", err)
	}
	if _, ok := NoticeOf(Event{Data: []byte(`{"other":1}`)}); ok {
		t.Error("an event with other data reads as a notice")
	}
}
