package hall

import (
	"encoding/json"
	"strings"
	"testing"
)

func bundleMember(code string, mats []Material, form string) Item {
	return Item{Code: code, Name: "事项" + code, Department: "部门" + code, Materials: mats, Form: json.RawMessage(form),
		PromiseLimit: Limit{Days: 5, Unit: WorkingDays}, Status: ItemActive}
}

func TestMergeBundleSharesFieldsAndMaterials(t *testing.T) {
	a := bundleMember("A", []Material{{Name: "居民身份证", Necessity: Optional, Originals: 1},
		{Name: "户口簿", Necessity: Required, Originals: 1}},
		`{"version":1,"fields":[{"key":"phone","label":"联系电话","type":"phone"},
		  {"key":"delivery","label":"结果领取方式","type":"select","options":["窗口领取"]}]}`)
	b := bundleMember("B", []Material{{Name: "居民身份证", Necessity: Required, Originals: 1, Copies: 2},
		{Name: "照片", Necessity: Deferrable}},
		`{"version":3,"fields":[{"key":"phone","label":"联系电话","type":"phone","required":true},
		  {"key":"delivery","label":"结果领取方式","type":"select","options":["窗口领取","邮寄送达"]},
		  {"key":"kind","label":"领取方式","type":"select","options":["自取","邮寄"]},
		  {"key":"address","label":"邮寄地址","type":"address","show_if":{"field":"kind","equals":"邮寄"}}]}`)
	c := bundleMember("C", nil, `{"version":1,"fields":[{"key":"kind","label":"申领类别","type":"text"},
		  {"key":"note","label":"备注","type":"text","show_if":{"field":"kind","equals":"x"}}],
		  "rules":[{"kind":"one_of","fields":["kind","note"]}]}`)
	bundle := Item{Code: "YJS1", Name: "测试一件事", Members: []string{"A", "B", "C"}}
	mb, err := MergeBundle(&bundle, []Item{a, b, c})
	if err != nil {
		t.Fatal(err)
	}
	// Materials: 居民身份证 once, as strict as B asks.
	if len(mb.Item.Materials) != 3 {
		t.Fatalf("materials %+v, want 3 (居民身份证 once)", mb.Item.Materials)
	}
	if m := mb.Item.Materials[0]; m.Name != "居民身份证" || m.Necessity != Required || m.Copies != 2 {
		t.Errorf("shared material %+v: want 必要 with 2 copies", m)
	}
	var f struct {
		Version int
		Fields  []map[string]any
		Rules   []map[string]any
	}
	if err := json.Unmarshal(mb.Item.Form, &f); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, fd := range f.Fields {
		keys = append(keys, fd["key"].(string))
	}
	// phone and delivery once; C's kind is another field (another label):
	// its own key, and its condition and rule follow it.
	if got := strings.Join(keys, ","); got != "phone,delivery,kind,address,kind_3,note" {
		t.Fatalf("fields %s", got)
	}
	if f.Fields[0]["required"] != true {
		t.Error("phone is required by B, so by the bundle")
	}
	if opts := f.Fields[1]["options"].([]any); len(opts) != 2 {
		t.Errorf("delivery options %v, want both members'", opts)
	}
	if si := f.Fields[5]["show_if"].(map[string]any); si["field"] != "kind_3" {
		t.Errorf("C's condition names %v, want kind_3", si["field"])
	}
	if si := f.Fields[3]["show_if"].(map[string]any); si["field"] != "kind" {
		t.Errorf("B's condition names %v, want kind", si["field"])
	}
	if len(f.Rules) != 1 || f.Rules[0]["fields"].([]any)[0] != "kind_3" {
		t.Errorf("rules %v", f.Rules)
	}
	if f.Version <= 0 || f.Version == FormVersion(a.Form) {
		t.Errorf("merged version %d", f.Version)
	}
	// Each member's case gets its own fields under its own keys.
	values := json.RawMessage(`{"phone":"13800000000","delivery":"邮寄送达","kind":"邮寄","address":"x路1号","kind_3":"甲","note":"n"}`)
	parts, err := BundleParts(mb, Applicant{Name: "张三"}, values,
		[]CaseMaterial{{Name: "居民身份证", Originals: 1, Copies: 2}, {Name: "户口簿", Originals: 1}, {Name: "照片", Deferred: true, DueDate: "2030-01-01"}},
		Decision{Action: ActAccept})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`{"delivery":"邮寄送达","phone":"13800000000"}`,
		`{"address":"x路1号","delivery":"邮寄送达","kind":"邮寄","phone":"13800000000"}`,
		`{"kind":"甲","note":"n"}`}
	for i, p := range parts {
		if string(p.Case.Form) != want[i] {
			t.Errorf("member %d form %s, want %s", i+1, p.Case.Form, want[i])
		}
		if p.Case.Applicant.Name != "张三" || p.Case.ItemCode != mb.Members[i].Code || p.Decide == nil {
			t.Errorf("member %d case %+v", i+1, p.Case)
		}
	}
	if m := parts[0].Case.Materials; len(m) != 2 || m[0].Necessity != Optional {
		t.Errorf("A's materials %+v: its own two, with its own necessity", m)
	}
	if len(parts[2].Case.Materials) != 0 || parts[1].Case.SchemaVersion != 3 {
		t.Errorf("C's materials %+v, B's schema version %d", parts[2].Case.Materials, parts[1].Case.SchemaVersion)
	}
}

func TestMergeBundleRefuses(t *testing.T) {
	a, b := bundleMember("A", nil, ""), bundleMember("B", nil, "")
	bundle := Item{Code: "YJS1", Name: "测试一件事", Members: []string{"A", "B"}}
	b.Status = ItemWithdrawn
	if _, err := MergeBundle(&bundle, []Item{a, b}); err == nil || !strings.Contains(ErrorMessage(err), "已取消") {
		t.Errorf("a withdrawn member: %v", err)
	}
	if _, err := MergeBundle(&bundle, []Item{a}); err == nil {
		t.Error("a missing member was accepted")
	}
	if _, err := MergeBundle(&a, []Item{b}); err == nil {
		t.Error("an item was merged as a bundle")
	}
}

func TestCheckItemMembers(t *testing.T) {
	for _, tc := range []struct {
		members []string
		want    string
	}{
		{[]string{"A"}, "应为 2 到 20 个"},
		{[]string{"A", "A"}, "重复"},
		{[]string{"A", "YJS1"}, "不能包含它自己"},
		{[]string{"A", " "}, "不能为空"},
	} {
		it := Item{Code: "YJS1", Members: tc.members}
		var msgs []string
		for _, p := range CheckItem(&it) {
			if p.Field == "members" {
				msgs = append(msgs, p.Message)
			}
		}
		if len(msgs) != 1 || !strings.Contains(msgs[0], tc.want) {
			t.Errorf("members %q: %v, want one problem with %s", tc.members, msgs, tc.want)
		}
	}
}
