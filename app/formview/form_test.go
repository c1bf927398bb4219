package formview

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"yichuang/forms"
)

const schemaJSON = `{"version":3,"fields":[
 {"key":"name","label":"申请人姓名","type":"text","required":true,"max_len":20},
 {"key":"id_number","label":"公民身份号码","type":"id_number","required":true},
 {"key":"birth_date","label":"出生日期","type":"date","required":true},
 {"key":"reason","label":"申请事由","type":"select","options":["新生儿登记","补录","其他"],"required":true},
 {"key":"other","label":"其他事由说明","type":"textarea","required":true,"show_if":{"field":"reason","equals":"其他"}},
 {"key":"credit","label":"统一社会信用代码","type":"credit_code"},
 {"key":"needs","label":"需要的服务","type":"multiselect","options":["邮寄","短信通知"]},
 {"key":"members","label":"家庭成员","type":"rows","min_rows":1,"max_rows":3,"fields":[
   {"key":"name","label":"姓名","type":"text","required":true},
   {"key":"relation","label":"关系","type":"select","options":["配偶","子女"]}]}],
 "rules":[{"kind":"id_birth_matches","fields":["id_number","birth_date"]}]}`

type fixture struct {
	f   *Form
	win fyne.Window
}

func newFixture(t *testing.T, v forms.Values) *fixture {
	t.Helper()
	test.NewTempApp(t)
	s, err := forms.Parse([]byte(schemaJSON))
	if err != nil {
		t.Fatal(err)
	}
	f := New(s, v)
	f.Today = func() time.Time { return time.Date(2026, 11, 23, 0, 0, 0, 0, time.Local) }
	w := test.NewTempWindow(t, f.Content())
	w.Resize(fyne.NewSize(900, 1400))
	return &fixture{f: f, win: w}
}

func (x *fixture) entry(path string) *entry   { return x.f.views[path].ctl.(*entryCtl).e }
func (x *fixture) choice(path string) *choice { return x.f.views[path].ctl.(*selectCtl).c }

// leave moves the focus out of a field, as Tab does.
func (x *fixture) leave(o fyne.Focusable) {
	x.win.Canvas().Focus(o)
	x.win.Canvas().Unfocus()
}

func TestErrorShowsBesideTheFieldOnceLeftAndGoesWhenFixed(t *testing.T) {
	x := newFixture(t, nil)
	id := x.entry("id_number")
	test.Type(id, "11010519491231003x")
	if x.f.Message("id_number") != "" {
		t.Error("an error showed while the clerk was still typing the first time")
	}
	x.leave(id)
	if msg := x.f.Message("id_number"); !strings.Contains(msg, "公民身份号码") || !strings.Contains(msg, "校验位") {
		t.Errorf("message = %q", msg)
	}
	if id.Text != "11010519491231003X" {
		t.Errorf("leaving did not normalize the ID: %q", id.Text)
	}
	if x.f.Message("name") != "" {
		t.Error("a field the clerk never visited shows an error")
	}
	id.SetText("")
	test.Type(id, "11010519491231002X")
	if msg := x.f.Message("id_number"); msg != "" {
		t.Errorf("fixed ID still shows %q", msg)
	}
}

func TestCheckShowsAllAndFocusesTheFirst(t *testing.T) {
	x := newFixture(t, nil)
	probs := x.f.Check()
	if len(probs) < 4 || probs[0].Path != "name" {
		t.Fatalf("problems = %+v", probs)
	}
	for _, p := range []string{"name", "id_number", "birth_date", "reason", "members"} {
		if !strings.Contains(x.f.Message(p), "“") {
			t.Errorf("no message naming the field at %s: %q", p, x.f.Message(p))
		}
	}
	if x.f.Message("other") != "" {
		t.Error("a hidden field shows an error")
	}
	x.entry("name").SetText("张喆")
	probs = x.f.Check()
	if !x.f.FocusFirst(probs) || x.win.Canvas().Focused() != x.entry("id_number") {
		t.Errorf("focus = %v, want the ID field", x.win.Canvas().Focused())
	}
	// A rows field with too few rows focuses its add button.
	if !x.f.FocusFirst([]forms.FieldError{{Path: "members"}}) || x.win.Canvas().Focused() != x.f.views["members"].ctl.(*rowsView).add {
		t.Error("the rows field's add button did not get the focus")
	}
}

func TestKeyboardEnterDigitsAndShortcuts(t *testing.T) {
	x := newFixture(t, nil)
	c := x.win.Canvas()
	name := x.entry("name")
	c.Focus(name)
	test.Type(name, "张喆")
	name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if c.Focused() != x.entry("id_number") {
		t.Fatalf("Enter moved the focus to %T, want the ID field", c.Focused())
	}
	reason := x.choice("reason")
	c.Focus(reason)
	reason.TypedRune('3')
	if reason.Selected != "其他" {
		t.Errorf("digit 3 chose %q", reason.Selected)
	}
	if !x.f.views["other"].box.Visible() {
		t.Error("choosing 其他 did not show the explanation field")
	}
	reason.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if reason.Selected != "" || x.f.views["other"].box.Visible() {
		t.Error("Delete did not clear the select and hide its dependant")
	}
	saved := 0
	ctrlS := &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	x.f.AddShortcut(ctrlS, func() { saved++ })
	name.TypedShortcut(ctrlS)
	if saved != 1 {
		t.Error("Ctrl+S typed in a text field did not reach the form")
	}
	other := x.entry("other")
	if other.AcceptsTab() {
		t.Error("a long-text field keeps Tab instead of moving on")
	}
}

func TestHiddenTextIsKeptButNotChecked(t *testing.T) {
	x := newFixture(t, nil)
	x.choice("reason").SetSelected("其他")
	test.Type(x.entry("other"), "户口迁移遗漏")
	x.choice("reason").SetSelected("补录")
	if x.f.Values()["other"] != "户口迁移遗漏" {
		t.Error("text of a field hidden again was lost")
	}
	if _, kept := x.f.Clean()["other"]; kept {
		t.Error("a hidden field's value would go into the case")
	}
}

func TestRowsAddTypeRemove(t *testing.T) {
	x := newFixture(t, forms.Values{"members": []any{map[string]any{"name": "李玥"}}})
	rv := x.f.views["members"].ctl.(*rowsView)
	test.Tap(rv.add)
	if x.win.Canvas().Focused() != x.entry("members[1].name") {
		t.Errorf("a new row's first field has no focus: %T", x.win.Canvas().Focused())
	}
	test.Type(x.entry("members[1].name"), "王堃")
	test.Tap(rv.add)
	if !rv.add.Disabled() {
		t.Error("the add button stays enabled at max_rows")
	}
	rv.removeRow(0)
	rows := x.f.Values()["members"].([]map[string]any)
	if len(rows) != 2 || rows[0]["name"] != "王堃" {
		t.Fatalf("rows after removing the first = %v", rows)
	}
	probs := x.f.Check()
	var got []string
	for _, p := range probs {
		got = append(got, p.Label)
	}
	if !strings.Contains(strings.Join(got, "|"), "家庭成员第2行·姓名") {
		t.Errorf("the empty second row's name is not named: %v", got)
	}
}

func TestPastedJunkIsNamedAndKept(t *testing.T) {
	x := newFixture(t, nil)
	long := strings.Repeat("张", 10000)
	x.entry("name").SetText(long)
	x.entry("birth_date").SetText("1949-12-31\x07")
	x.f.Check()
	if msg := x.f.Message("name"); !strings.Contains(msg, "申请人姓名") || !strings.Contains(msg, "20") {
		t.Errorf("10,000 characters: %q", msg)
	}
	if msg := x.f.Message("birth_date"); !strings.Contains(msg, "出生日期") || !strings.Contains(msg, "控制字符") {
		t.Errorf("a control character: %q", msg)
	}
	if x.f.Values()["name"] != long {
		t.Error("the refused text was changed")
	}
}

func TestCreditCodeWarningCanBeConfirmed(t *testing.T) {
	x := newFixture(t, nil)
	cc := x.entry("credit")
	test.Type(cc, "91350100M000100Y44") // well formed, wrong check character
	x.leave(cc)
	warn := func() bool {
		for _, p := range x.f.Check() {
			if p.Path == "credit" {
				return true
			}
		}
		return false
	}
	if !warn() || !strings.Contains(x.f.Message("credit"), "确认无误可继续") {
		t.Fatalf("no warning: %q", x.f.Message("credit"))
	}
	test.Tap(x.f.views["credit"].confirm)
	if warn() {
		t.Error("a confirmed warning still blocks")
	}
	cc.SetText("91350100M000100Y45")
	if !warn() {
		t.Error("the confirmation survived a change of the value")
	}
}

func TestDatesTypedLooselyAreTidied(t *testing.T) {
	def := &forms.Field{Key: "d", Label: "日期", Type: forms.TypeDate}
	for in, want := range map[string]string{"20260131": "2026-01-31", "2026/1/3": "2026-01-03",
		"２０２６年１月３日": "2026-01-03", " 2026-01-31 ": "2026-01-31", "明天": "明天", "2026131": "2026131"} {
		if got := tidyText(def, in); got != want {
			t.Errorf("tidyText(%q) = %q, want %q", in, got, want)
		}
	}
}
