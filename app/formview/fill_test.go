package formview

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"yichuang/forms"
)

const spouseSchema = `{"version":1,"fields":[
 {"key":"spouse_id","label":"对方公民身份号码","type":"id_number","required":true},
 {"key":"spouse_gender","label":"对方性别","type":"select","options":["男","女"],"required":true},
 {"key":"spouse_birth","label":"对方出生日期","type":"date","required":true},
 {"key":"spouse_nation","label":"对方民族","type":"ethnic_group","required":true}],
 "rules":[{"kind":"id_birth_matches","fields":["spouse_id","spouse_birth"]},
  {"kind":"id_gender_matches","fields":["spouse_id","spouse_gender"]}]}`

func newSpouseForm(t *testing.T, v forms.Values) (*Form, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	s, err := forms.Parse([]byte(spouseSchema))
	if err != nil {
		t.Fatal(err)
	}
	f := New(s, v)
	f.Today = func() time.Time { return time.Date(2026, 11, 23, 0, 0, 0, 0, time.Local) }
	w := test.NewTempWindow(t, f.Content())
	w.Resize(fyne.NewSize(900, 900))
	return f, w
}

func TestValidIDFillsSexAndBirthDate(t *testing.T) {
	f, _ := newSpouseForm(t, nil)
	id := f.views["spouse_id"].ctl.(*entryCtl).e
	test.Type(id, "1101051949123100")
	if v := f.Values(); v["spouse_birth"] != nil || v["spouse_gender"] != nil {
		t.Fatalf("half an ID filled fields: %v", v)
	}
	test.Type(id, "2x")
	v := f.Values()
	if v["spouse_birth"] != "1949-12-31" || v["spouse_gender"] != "女" {
		t.Fatalf("a valid ID filled %v, want 1949-12-31 and 女", v)
	}
	// A corrected ID corrects what the form entered.
	id.SetText("110105200102030016")
	if v := f.Values(); v["spouse_birth"] != "2001-02-03" || v["spouse_gender"] != "男" {
		t.Errorf("after correcting the ID: %v", v)
	}
	if p := f.Check(); len(p) != 1 || p[0].Path != "spouse_nation" {
		t.Errorf("problems %v, want only the missing 民族", p)
	}
}

func TestIDNeverOverwritesWhatTheClerkEntered(t *testing.T) {
	f, _ := newSpouseForm(t, nil)
	f.Set("spouse_birth", "1950-01-01")
	f.Set("spouse_gender", "男")
	f.Set("spouse_id", "11010519491231002X")
	v := f.Values()
	if v["spouse_birth"] != "1950-01-01" || v["spouse_gender"] != "男" {
		t.Fatalf("the ID overwrote the clerk's values: %v", v)
	}
	f.Check()
	if msg := f.Message("spouse_birth"); !strings.Contains(msg, "“对方出生日期”与“对方公民身份号码”中的出生日期（1949-12-31）不一致") {
		t.Errorf("birth date message %q", msg)
	}
	if msg := f.Message("spouse_gender"); !strings.Contains(msg, "“对方性别”与“对方公民身份号码”中的性别（女）不一致") {
		t.Errorf("sex message %q", msg)
	}
}

func TestDraftFillsFollowACorrectedID(t *testing.T) {
	f, _ := newSpouseForm(t, forms.Values{"spouse_id": "11010519491231002X", "spouse_birth": "1949-12-31", "spouse_gender": "女"})
	f.Set("spouse_id", "110105200102030016")
	if v := f.Values(); v["spouse_birth"] != "2001-02-03" || v["spouse_gender"] != "男" {
		t.Errorf("a draft's values that came from the ID did not follow it: %v", v)
	}
}

func TestEthnicGroupTakesCodes(t *testing.T) {
	f, w := newSpouseForm(t, forms.Values{"spouse_nation": "回族"})
	c := f.views["spouse_nation"].ctl.(*ethnicCtl)
	if len(c.c.Options) != 58 || c.c.Options[0] != "01 汉族" || c.c.Options[57] != "98 外国血统中国籍人士" {
		t.Fatalf("options %d: %q … %q", len(c.c.Options), c.c.Options[0], c.c.Options[len(c.c.Options)-1])
	}
	if f.Values()["spouse_nation"] != "回族" {
		t.Fatalf("draft value shows as %v", f.Values()["spouse_nation"])
	}
	w.Canvas().Focus(c.c)
	// One digit shows 0d at once; the next completes the code; a code
	// that names no group leaves the choice as it was.
	for i, tc := range []struct {
		typed rune
		want  string
	}{{'1', "汉族"}, {'1', "满族"}, {'8', "壮族"}, {'9', "壮族"}, {'9', "布依族"}, {'7', "其他"},
		{'4', "藏族"}, {'4', "俄罗斯族"}, {'5', "维吾尔族"}, {'6', "基诺族"}} {
		c.c.TypedRune(tc.typed)
		if got := f.Values()["spouse_nation"]; got != tc.want {
			t.Errorf("key %d (%c): %v, want %s", i+1, tc.typed, got, tc.want)
		}
	}
	if !f.Set("spouse_nation", "汉族") || f.Values()["spouse_nation"] != "汉族" || f.Set("spouse_nation", "汉") {
		t.Error("Set by name")
	}
	if p := f.Check(); len(p) == 0 || p[0].Path != "spouse_id" {
		t.Errorf("problems %v", p)
	}
	if f.Clean()["spouse_nation"] != "汉族" {
		t.Errorf("clean value %v", f.Clean()["spouse_nation"])
	}
}
