package assets

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"yichuang/forms"
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

var digits12 = regexp.MustCompile(`^\d{12}$`)

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
	if len(items) < 250 {
		t.Errorf("catalog has %d items, want at least 250", len(items))
	}

	depts := map[string]bool{}
	types := map[string]bool{}
	codes := map[string]string{}
	tasks := map[string]string{}
	byCode := map[string]hall.Item{}
	for _, it := range items {
		byCode[it.Code] = it
	}
	bundles := 0
	for _, it := range items {
		if it.IsBundle() {
			bundles++
			checkBundle(t, it, byCode, types)
			continue
		}
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

		checkForm(t, name, it.Form, types)
	}
	for _, ty := range []string{forms.TypeText, forms.TypeTextarea, forms.TypeNumber, forms.TypeDate,
		forms.TypeSelect, forms.TypeMultiselect, forms.TypeIDNumber, forms.TypeCreditCode, forms.TypePhone,
		forms.TypeRegion, forms.TypeAddress, forms.TypeRows, forms.TypeEthnicGroup} {
		if !types[ty] {
			t.Errorf("no demo form uses the field type %s", ty)
		}
	}
	if bundles < 5 {
		t.Errorf("%d bundles (一件事), want at least 5", bundles)
	}
	if len(depts) < 20 {
		t.Errorf("catalog has %d departments, want at least 20", len(depts))
	}
}

// checkForm parses the item's form with the same parser the app uses.
func checkForm(t *testing.T, item string, raw json.RawMessage, types map[string]bool) {
	t.Helper()
	sc, err := forms.Parse(raw)
	if err != nil {
		t.Errorf("%s: form: %v", item, err)
		return
	}
	if sc.Version < 1 || len(sc.Fields) == 0 {
		t.Errorf("%s: form needs a version and at least one field", item)
	}
	var walk func([]forms.Field)
	walk = func(fs []forms.Field) {
		for _, f := range fs {
			types[f.Type] = true
			walk(f.Fields)
		}
	}
	walk(sc.Fields)
}

// checkBundle: a bundle's members are entries of the catalog, and what
// intake makes of them (one form, one materials list) is a valid form with
// fewer fields and materials than its members' put together: some are
// shared.
func checkBundle(t *testing.T, b hall.Item, byCode map[string]hall.Item, types map[string]bool) {
	t.Helper()
	if !strings.HasPrefix(b.Code, "YJS") || !strings.HasSuffix(b.TaskCode, b.Code) || !validCreditCode(b.TaskCode[:18]) {
		t.Errorf("%s: code %s, task code %s", b.Name, b.Code, b.TaskCode)
	}
	if probs := hall.CheckItem(&b); len(probs) > 0 {
		t.Errorf("%s: %s", b.Name, probs[0].Message)
	}
	var members []hall.Item
	mats, fields := 0, 0
	for _, code := range b.Members {
		m, ok := byCode[code]
		if !ok {
			t.Errorf("%s lists %s, not in the catalog", b.Name, code)
			return
		}
		members = append(members, m)
		mats += len(m.Materials)
		var f struct{ Fields []json.RawMessage }
		json.Unmarshal(m.Form, &f)
		fields += len(f.Fields)
	}
	mb, err := hall.MergeBundle(&b, members)
	if err != nil {
		t.Fatalf("%s: %v", b.Name, err)
	}
	var f struct{ Fields []json.RawMessage }
	json.Unmarshal(mb.Item.Form, &f)
	if len(mb.Item.Materials) < 2 || len(mb.Item.Materials) >= mats && len(f.Fields) >= fields {
		t.Errorf("%s: %d materials of %d, %d fields of %d: nothing shared", b.Name, len(mb.Item.Materials), mats, len(f.Fields), fields)
	}
	checkForm(t, b.Name, mb.Item.Form, types)
}
