package assets

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"yichuang/hall"
)

// creditCharset is the GB 32100-2015 character set; a character's value is
// its index.
const creditCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// validCreditCode reports whether s is an 18-character unified social credit
// code whose check character is right.
func validCreditCode(s string) bool {
	if len(s) != 18 {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCharset, s[i])
		if v < 0 {
			return false
		}
		sum += v * creditWeights[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return s[17] == creditCharset[c]
}

func TestValidCreditCode(t *testing.T) {
	if !validCreditCode("91350100M000100Y43") {
		t.Error("the GB 32100 worked example must pass")
	}
	for _, bad := range []string{"91350100M000100Y44", "91350100M000100Y4", "91350100M000100I43", ""} {
		if validCreditCode(bad) {
			t.Errorf("%q must fail", bad)
		}
	}
}

// The form schema as docs/form-schema.md describes it, decoded strictly so
// that a misspelt attribute fails the test.
type formSchema struct {
	Version *int        `json:"version"`
	Fields  []formField `json:"fields"`
	Rules   []formRule  `json:"rules"`
}

type formField struct {
	Key         string          `json:"key"`
	Label       string          `json:"label"`
	Type        string          `json:"type"`
	Required    bool            `json:"required"`
	MinLen      *int            `json:"min_len"`
	MaxLen      *int            `json:"max_len"`
	Pattern     string          `json:"pattern"`
	PatternMsg  string          `json:"pattern_msg"`
	Min         json.RawMessage `json:"min"`
	Max         json.RawMessage `json:"max"`
	Options     []string        `json:"options"`
	ShowIf      *showIf         `json:"show_if"`
	Fields      []formField     `json:"fields"`
	MinRows     *int            `json:"min_rows"`
	MaxRows     *int            `json:"max_rows"`
	Placeholder string          `json:"placeholder"`
	Hint        string          `json:"hint"`
}

type showIf struct {
	Field  string   `json:"field"`
	Equals *string  `json:"equals"`
	In     []string `json:"in"`
}

type formRule struct {
	Kind    string   `json:"kind"`
	Fields  []string `json:"fields"`
	Message string   `json:"message"`
}

var fieldTypes = map[string]bool{
	"text": true, "textarea": true, "number": true, "date": true, "select": true, "multiselect": true,
	"id_number": true, "credit_code": true, "phone": true, "region": true, "address": true, "rows": true,
}

// ruleTypes gives, for each rule kind, the field types it compares ("" = any).
var ruleTypes = map[string][2]string{
	"id_birth_matches":  {"id_number", "date"},
	"id_gender_matches": {"id_number", "select"},
	"date_order":        {"date", "date"},
	"required_if":       {"", ""},
}

var (
	digits12  = regexp.MustCompile(`^\d{12}$`)
	fieldKey  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	dateValue = regexp.MustCompile(`^(today|\d{4}-\d{2}-\d{2})$`)
)

func decodeCatalog(t *testing.T) []hall.Item {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(DemoCatalog))
	dec.DisallowUnknownFields()
	var items []hall.Item
	if err := dec.Decode(&items); err != nil {
		t.Fatalf("decode demo catalog: %v", err)
	}
	if dec.More() {
		t.Fatal("trailing data after the catalog array")
	}
	return items
}

func TestDemoCatalog(t *testing.T) {
	items := decodeCatalog(t)
	if len(items) < 60 {
		t.Errorf("catalog has %d items, want at least 60", len(items))
	}

	depts := map[string]bool{}
	codes := map[string]string{}
	tasks := map[string]string{}
	for _, it := range items {
		name := it.Name
		if name == "" {
			t.Errorf("item %s has no name", it.Code)
		}
		depts[it.Department] = true

		if !digits12.MatchString(it.Code) {
			t.Errorf("%s: code %q is not 12 digits", name, it.Code)
		}
		if prev, dup := codes[it.Code]; dup {
			t.Errorf("%s: code %s already used by %s", name, it.Code, prev)
		}
		codes[it.Code] = name
		if prev, dup := tasks[it.TaskCode]; dup {
			t.Errorf("%s: task code %s already used by %s", name, it.TaskCode, prev)
		}
		tasks[it.TaskCode] = name
		if len(it.TaskCode) != 31 || !strings.HasSuffix(it.TaskCode, it.Code) {
			t.Errorf("%s: task code %q is not credit code + 1 digit + code", name, it.TaskCode)
		} else if !validCreditCode(it.TaskCode[:18]) {
			t.Errorf("%s: task code %q does not start with a valid credit code", name, it.TaskCode)
		}
		if !strings.HasPrefix(it.HandleCode, it.TaskCode) || len(it.HandleCode) > 50 {
			t.Errorf("%s: handle code %q must extend the task code and have at most 50 characters", name, it.HandleCode)
		}

		if !it.Type.Known() {
			t.Errorf("%s: unknown item type %q", name, it.Type)
		}
		if !it.LegalLimit.Unit.Valid() || !it.PromiseLimit.Unit.Valid() {
			t.Errorf("%s: invalid limit unit (%q, %q)", name, it.LegalLimit.Unit, it.PromiseLimit.Unit)
		}
		if it.LegalLimit.Unit == it.PromiseLimit.Unit && it.PromiseLimit.Days > it.LegalLimit.Days {
			t.Errorf("%s: promise %s exceeds legal limit %s", name, it.PromiseLimit, it.LegalLimit)
		}
		if it.LegalLimit.Days < 0 || it.PromiseLimit.Days < 0 {
			t.Errorf("%s: negative limit", name)
		}
		for _, sp := range it.Special {
			if !sp.Limit.Unit.Valid() {
				t.Errorf("%s: special procedure %s has invalid unit %q", name, sp.Name, sp.Limit.Unit)
			}
		}
		if len(it.Subjects) == 0 || len(it.Steps) == 0 || len(it.HandlingForms) == 0 {
			t.Errorf("%s: subjects, steps and handling forms must not be empty", name)
		}
		if it.Status != hall.ItemActive {
			t.Errorf("%s: status %q, want %q", name, it.Status, hall.ItemActive)
		}

		if len(it.Materials) < 2 {
			t.Errorf("%s: %d materials, want at least 2", name, len(it.Materials))
		}
		for _, m := range it.Materials {
			switch m.Necessity {
			case hall.Required, hall.Optional, hall.Deferrable:
			default:
				t.Errorf("%s: material %s has necessity %q", name, m.Name, m.Necessity)
			}
			switch m.Kind {
			case "证件证书证明", "申请表格文书", "其他":
			default:
				t.Errorf("%s: material %s has kind %q", name, m.Name, m.Kind)
			}
			switch m.Source {
			case "申请人自备", "政府部门核发":
			default:
				t.Errorf("%s: material %s has source %q", name, m.Name, m.Source)
			}
		}

		checkForm(t, name, it.Form)
	}
	if len(depts) < 10 {
		t.Errorf("catalog has %d departments, want at least 10", len(depts))
	}
}

func checkForm(t *testing.T, item string, raw json.RawMessage) {
	t.Helper()
	if len(bytes.TrimSpace(raw)) == 0 || !json.Valid(raw) {
		t.Errorf("%s: form is empty or not valid JSON", item)
		return
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var f formSchema
	if err := dec.Decode(&f); err != nil {
		t.Errorf("%s: form: %v", item, err)
		return
	}
	if f.Version == nil || *f.Version < 1 {
		t.Errorf("%s: form has no version", item)
	}
	if len(f.Fields) == 0 {
		t.Errorf("%s: form has no fields", item)
	}
	top := checkFields(t, item, f.Fields)
	for _, r := range f.Rules {
		want, ok := ruleTypes[r.Kind]
		if !ok {
			t.Errorf("%s: unknown rule kind %q", item, r.Kind)
			continue
		}
		if len(r.Fields) != 2 || r.Message == "" {
			t.Errorf("%s: rule %s needs two fields and a message", item, r.Kind)
			continue
		}
		for i, k := range r.Fields {
			fld, ok := top[k]
			if !ok {
				t.Errorf("%s: rule %s refers to unknown field %q", item, r.Kind, k)
			} else if want[i] != "" && fld.Type != want[i] {
				t.Errorf("%s: rule %s wants field %q of type %s, got %s", item, r.Kind, k, want[i], fld.Type)
			}
		}
	}
}

// checkFields checks one level of fields and returns them by key.
func checkFields(t *testing.T, item string, fields []formField) map[string]formField {
	t.Helper()
	byKey := map[string]formField{}
	for _, fld := range fields {
		if !fieldKey.MatchString(fld.Key) {
			t.Errorf("%s: bad field key %q", item, fld.Key)
		}
		if _, dup := byKey[fld.Key]; dup {
			t.Errorf("%s: duplicate field key %q", item, fld.Key)
		}
		byKey[fld.Key] = fld
	}
	for _, fld := range fields {
		where := item + "/" + fld.Key
		if !fieldTypes[fld.Type] {
			t.Errorf("%s: unknown field type %q", where, fld.Type)
		}
		if fld.Label == "" {
			t.Errorf("%s: field has no label", where)
		}
		if (fld.Type == "select" || fld.Type == "multiselect") && len(fld.Options) == 0 {
			t.Errorf("%s: %s without options", where, fld.Type)
		}
		if fld.Pattern != "" {
			if _, err := regexp.Compile(fld.Pattern); err != nil {
				t.Errorf("%s: pattern does not compile: %v", where, err)
			}
			if fld.PatternMsg == "" {
				t.Errorf("%s: pattern without pattern_msg", where)
			}
		}
		for _, b := range []json.RawMessage{fld.Min, fld.Max} {
			if b == nil {
				continue
			}
			switch fld.Type {
			case "number":
				var n float64
				if json.Unmarshal(b, &n) != nil {
					t.Errorf("%s: number bound %s is not a number", where, b)
				}
			case "date":
				var s string
				if json.Unmarshal(b, &s) != nil || !dateValue.MatchString(s) {
					t.Errorf("%s: date bound %s is not YYYY-MM-DD or today", where, b)
				}
			default:
				t.Errorf("%s: min/max on a %s field", where, fld.Type)
			}
		}
		if fld.ShowIf != nil {
			ref, ok := byKey[fld.ShowIf.Field]
			if !ok || fld.ShowIf.Field == fld.Key {
				t.Errorf("%s: show_if refers to unknown field %q", where, fld.ShowIf.Field)
			} else {
				vals := fld.ShowIf.In
				if fld.ShowIf.Equals != nil {
					vals = append(vals, *fld.ShowIf.Equals)
				}
				if len(vals) == 0 {
					t.Errorf("%s: show_if has neither equals nor in", where)
				}
				if len(ref.Options) > 0 {
					for _, v := range vals {
						if !contains(ref.Options, v) {
							t.Errorf("%s: show_if value %q is not an option of %q", where, v, ref.Key)
						}
					}
				}
			}
		}
		if fld.Type == "rows" {
			if len(fld.Fields) == 0 {
				t.Errorf("%s: rows without sub-fields", where)
			}
			checkFields(t, where, fld.Fields)
		} else if len(fld.Fields) > 0 {
			t.Errorf("%s: sub-fields on a %s field", where, fld.Type)
		}
	}
	return byKey
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
