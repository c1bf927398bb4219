package hall

import (
	"encoding/json"
	"hash/fnv"
	"strconv"
	"strings"
)

// 一件事一次办 (高效办成一件事): a bundle is a catalog entry that lists the
// items one life event needs (新生儿出生一件事: 出生医学证明, 出生登记, 医保参保,
// 社保卡 …). It is imported, synced, searched and kept with history like any
// entry; its Members are the codes of its items. Intake of a bundle asks for
// the applicant once, shows one form and one materials list made from its
// members (MergeBundle), and opens one case per member, linked by CaseBundle.

// Bounds of a bundle's member list.
const (
	MinBundleMembers = 2
	MaxBundleMembers = 20
)

// BundleLabel is how lists and notices mark a bundle.
const BundleLabel = "一件事"

// IsBundle reports whether the entry is a bundle (一件事).
func (it *Item) IsBundle() bool { return len(it.Members) > 0 }

func checkMembers(bad func(field, msg string), it *Item) {
	if len(it.Members) == 0 {
		return
	}
	if n := len(it.Members); n < MinBundleMembers || n > MaxBundleMembers {
		bad("members", "一件事包含 "+strconv.Itoa(n)+" 个事项，应为 "+strconv.Itoa(MinBundleMembers)+
			" 到 "+strconv.Itoa(MaxBundleMembers)+" 个")
		return
	}
	seen := map[string]bool{}
	for _, m := range it.Members {
		switch {
		case strings.TrimSpace(m) == "":
			bad("members", "一件事包含的事项编码不能为空")
		case m == it.Code:
			bad("members", "一件事不能包含它自己（"+m+"）")
		case seen[m]:
			bad("members", "一件事包含的事项“"+m+"”重复")
		}
		seen[m] = true
	}
}

// CaseBundle links the cases one intake of a bundle opened: each member's
// case carries it, so the desk, the receipt and the platform show them as
// one 一件事.
type CaseBundle struct {
	ID   string `json:"id"`   // made on the desk, the same in every case of the intake
	Code string `json:"code"` // the bundle's entry
	Name string `json:"name"`
	Part int    `json:"part"` // 1-based place of this case among Of
	Of   int    `json:"of"`
}

// MergedBundle is what intake of a bundle shows: the bundle as one item
// (its members' materials each once, their forms as one form with each
// shared field once) and the members themselves, in the bundle's order.
type MergedBundle struct {
	Item    Item
	Members []Item
}

// MergeBundle makes the one form and the one materials list of a bundle
// from its members (members in the bundle's order, each an active entry).
//
//   - A material is the same material when its name is the same: it is
//     listed once, as strict as the strictest member asks (必要 over 容缺后补
//     over 非必要; the most originals and copies).
//   - A form field is the same field when its key is the same: it is shown
//     once, where it first appears, required when any member requires it.
//     Rules are kept, each once.
//
// The merged form's version is derived from its content, so a draft keeps
// the form it was filled with (form_schemas) and a changed member makes a
// new version.
func MergeBundle(b *Item, members []Item) (*MergedBundle, error) {
	if !b.IsBundle() {
		return nil, Errorf(EInvalid, "“%s”不是一件事", b.Name)
	}
	if len(members) != len(b.Members) {
		return nil, Errorf(EInvalid, "一件事“%s”的事项不全", b.Name)
	}
	for i := range members {
		if members[i].Code != b.Members[i] {
			return nil, Errorf(EInternal, "一件事“%s”的第 %d 个事项应为 %s", b.Name, i+1, b.Members[i])
		}
		if members[i].Status == ItemWithdrawn {
			return nil, Errorf(EInvalid, "一件事“%s”包含的事项“%s”已取消，不能受理", b.Name, members[i].Name)
		}
		if members[i].IsBundle() {
			return nil, Errorf(EInvalid, "一件事“%s”包含的“%s”本身也是一件事", b.Name, members[i].Name)
		}
	}
	m := *b
	m.Materials = mergeMaterials(members)
	form, err := mergeForms(members)
	if err != nil {
		return nil, Errorf(EInvalid, "一件事“%s”的表单无法合并：%v", b.Name, err)
	}
	m.Form = form
	if len(m.Subjects) == 0 { // the bundle names whom it serves; else whom its members serve
		m.Subjects = mergeStrings(nil, members, func(it *Item) []string { return it.Subjects })
	}
	if m.PromiseLimit.Days == 0 && m.PromiseLimit.Unit == "" {
		for _, it := range members {
			if it.PromiseLimit.Days > m.PromiseLimit.Days {
				m.PromiseLimit = it.PromiseLimit
			}
		}
	}
	return &MergedBundle{Item: m, Members: members}, nil
}

var necessityOrder = map[Necessity]int{Required: 0, Deferrable: 1, Optional: 2}

func mergeMaterials(members []Item) []Material {
	var out []Material
	at := map[string]int{}
	for _, it := range members {
		for _, mt := range it.Materials {
			i, ok := at[mt.Name]
			if !ok {
				at[mt.Name] = len(out)
				out = append(out, mt)
				continue
			}
			o := &out[i]
			if necessityOrder[mt.Necessity] < necessityOrder[o.Necessity] {
				o.Necessity = mt.Necessity
			}
			o.Originals, o.Copies = max(o.Originals, mt.Originals), max(o.Copies, mt.Copies)
		}
	}
	return out
}

func mergeStrings(first []string, members []Item, of func(*Item) []string) []string {
	out := append([]string(nil), first...)
	for i := range members {
		for _, s := range of(&members[i]) {
			if !containsString(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// formDoc is a form schema as the domain reads it: fields and rules kept
// raw (package forms owns their meaning) but for the few parts merging
// reads and rewrites.
type formDoc struct {
	Version int               `json:"version"`
	Fields  []json.RawMessage `json:"fields"`
	Rules   []json.RawMessage `json:"rules,omitempty"`
}

// formPlan is how members' fields become the bundle's: per member, its
// field keys to the merged form's keys.
type formPlan struct {
	form   formDoc
	rename []map[string]string
}

// planForms merges the members' forms. A field is the same field when its
// key, label and type are the same: shown once, required when any member
// requires it, a choice offering every member's options. A key a member
// uses for something else (another label or type) stays that member's own
// field under a key of its own ("delivery_3"), and its conditions and rules
// follow it.
func planForms(members []Item) (*formPlan, error) {
	p := &formPlan{rename: make([]map[string]string, len(members))}
	at := map[string]int{}
	rules := map[string]bool{}
	for mi, it := range members {
		p.rename[mi] = map[string]string{}
		if len(it.Form) == 0 {
			continue
		}
		var f formDoc
		if err := json.Unmarshal(it.Form, &f); err != nil {
			return nil, err
		}
		var added []int
		for _, raw := range f.Fields {
			var fd map[string]any
			if err := json.Unmarshal(raw, &fd); err != nil {
				return nil, err
			}
			key, _ := fd["key"].(string)
			i, ok := at[key]
			if ok {
				var prev map[string]any
				if err := json.Unmarshal(p.form.Fields[i], &prev); err != nil {
					return nil, err
				}
				if prev["label"] == fd["label"] && prev["type"] == fd["type"] {
					if fd["required"] == true {
						prev["required"] = true
					}
					if opts, ok := fd["options"].([]any); ok {
						have, _ := prev["options"].([]any)
						for _, o := range opts {
							if !containsAny(have, o) {
								have = append(have, o)
							}
						}
						prev["options"] = have
					}
					b, err := json.Marshal(prev)
					if err != nil {
						return nil, err
					}
					p.form.Fields[i], p.rename[mi][key] = b, key
					continue
				}
				own := key + "_" + strconv.Itoa(mi+1)
				for n := 2; ; n++ {
					if _, taken := at[own]; !taken {
						break
					}
					own = key + "_" + strconv.Itoa(mi+1) + "_" + strconv.Itoa(n)
				}
				fd["key"] = own
			}
			p.rename[mi][key] = fd["key"].(string)
			b, err := json.Marshal(fd)
			if err != nil {
				return nil, err
			}
			at[fd["key"].(string)] = len(p.form.Fields)
			added = append(added, len(p.form.Fields))
			p.form.Fields = append(p.form.Fields, b)
		}
		// A condition names a field of the same member: follow its key.
		for _, i := range added {
			var fd map[string]any
			if err := json.Unmarshal(p.form.Fields[i], &fd); err != nil {
				return nil, err
			}
			if si, ok := fd["show_if"].(map[string]any); ok {
				if k, ok := si["field"].(string); ok && p.rename[mi][k] != "" && p.rename[mi][k] != k {
					si["field"] = p.rename[mi][k]
					b, err := json.Marshal(fd)
					if err != nil {
						return nil, err
					}
					p.form.Fields[i] = b
				}
			}
		}
		for _, r := range f.Rules {
			var rd map[string]any
			if err := json.Unmarshal(r, &rd); err != nil {
				return nil, err
			}
			if fs, ok := rd["fields"].([]any); ok {
				for j, k := range fs {
					if ks, ok := k.(string); ok && p.rename[mi][ks] != "" {
						fs[j] = p.rename[mi][ks]
					}
				}
			}
			b, err := json.Marshal(rd)
			if err != nil {
				return nil, err
			}
			if !rules[string(b)] {
				rules[string(b)] = true
				p.form.Rules = append(p.form.Rules, b)
			}
		}
	}
	return p, nil
}

func containsAny(list []any, v any) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func mergeForms(members []Item) (json.RawMessage, error) {
	p, err := planForms(members)
	if err != nil {
		return nil, err
	}
	out := p.form
	out.Version = 0
	body, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	h := fnv.New32a()
	h.Write(body)
	out.Version = int(h.Sum32()&0x3fffffff) + 1
	return json.Marshal(out)
}

// MemberForm is the part of a bundle's filled form that belongs to its
// i-th member: the values of the fields its own form has, under its own
// keys.
func (mb *MergedBundle) MemberForm(i int, values json.RawMessage) (json.RawMessage, error) {
	p, err := planForms(mb.Members)
	if err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if len(values) > 0 {
		if err := json.Unmarshal(values, &all); err != nil {
			return nil, err
		}
	}
	out := map[string]json.RawMessage{}
	for own, merged := range p.rename[i] {
		if v, ok := all[merged]; ok {
			out[own] = v
		}
	}
	return json.Marshal(out)
}

// MemberMaterials is what the window recorded of a bundle's materials
// that one member asks for, in the member's order.
func MemberMaterials(member *Item, got []CaseMaterial) []CaseMaterial {
	by := map[string]CaseMaterial{}
	for _, g := range got {
		by[g.Name] = g
	}
	var out []CaseMaterial
	for _, m := range member.Materials {
		if g, ok := by[m.Name]; ok {
			g.Necessity = m.Necessity
			out = append(out, g)
		}
	}
	return out
}

// FormVersion reads the version of a raw form schema (0 when none).
func FormVersion(form json.RawMessage) int {
	var f struct {
		Version int `json:"version"`
	}
	if len(form) == 0 || json.Unmarshal(form, &f) != nil {
		return 0
	}
	return f.Version
}
