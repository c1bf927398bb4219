// Command gen writes the bundled demo catalog, assets/catalog/demo.json:
// the hand-written entries of handwritten.json, then the entries of
// county.txt, a county hall's list written one line an entry, expanded to
// full entries with the department's place, hours and phones, the usual
// steps and a plain form. Run it with `go generate ./assets` after editing
// either file; a test fails while demo.json is out of date.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"yichuang/hall"
)

func main() {
	dir := "catalog"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	hand, err := os.ReadFile(filepath.Join(dir, "handwritten.json"))
	if err == nil {
		var table []byte
		if table, err = os.ReadFile(filepath.Join(dir, "county.txt")); err == nil {
			var out []byte
			if out, err = build(hand, table); err == nil {
				err = os.WriteFile(filepath.Join(dir, "demo.json"), out, 0o644)
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// dept is one department line of county.txt.
type dept struct {
	name, credit, place, consult, complaint, depth, scope string
}

const hours = "周一至周五 上午9:00-12:00 下午13:30-17:00（法定节假日除外）"

// build expands the table and appends its entries to the hand-written ones.
func build(hand, table []byte) ([]byte, error) {
	var items []hall.Item
	if err := json.Unmarshal(hand, &items); err != nil {
		return nil, fmt.Errorf("handwritten.json: %w", err)
	}
	at := map[string]int{}
	for i, it := range items {
		at[it.Code] = i
	}
	depts := map[string]dept{}
	for n, line := range strings.Split(string(table), "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "|")
		fail := func(msg string) error { return fmt.Errorf("county.txt line %d: %s", n+1, msg) }
		switch f[0] {
		case "dept":
			if len(f) != 9 {
				return nil, fail("a dept line has 9 fields")
			}
			credit, err := creditCode(f[3])
			if err != nil {
				return nil, fail(err.Error())
			}
			depts[f[1]] = dept{f[2], credit, f[4], f[5], f[6], f[7], f[8]}
		case "kw":
			if len(f) != 3 {
				return nil, fail("a kw line has 3 fields")
			}
			i, ok := at[f[1]]
			if !ok {
				return nil, fail("no entry " + f[1])
			}
			items[i].Keywords = hall.SplitKeywords(f[2])
		case "item":
			if len(f) != 14 {
				return nil, fail(fmt.Sprintf("an item line has 14 fields, not %d", len(f)))
			}
			d, ok := depts[f[1]]
			if !ok {
				return nil, fail("unknown department " + f[1])
			}
			it, err := item(d, f[2:])
			if err != nil {
				return nil, fail(err.Error())
			}
			if _, dup := at[it.Code]; dup {
				return nil, fail("code " + it.Code + " is taken")
			}
			at[it.Code] = len(items)
			items = append(items, it)
		case "bundle":
			if len(f) != 9 {
				return nil, fail(fmt.Sprintf("a bundle line has 9 fields, not %d", len(f)))
			}
			d, ok := depts[f[3]]
			if !ok {
				return nil, fail("unknown department " + f[3])
			}
			it, err := bundle(d, f[1:], items, at)
			if err != nil {
				return nil, fail(err.Error())
			}
			if _, dup := at[it.Code]; dup {
				return nil, fail("code " + it.Code + " is taken")
			}
			at[it.Code] = len(items)
			items = append(items, it)
		default:
			return nil, fail("unknown line kind " + f[0])
		}
	}
	if probs := hall.CheckCatalog(items, 5); len(probs) > 0 {
		p := probs[0]
		return nil, fmt.Errorf("%s: %s", items[p.Index].Name, p.Message)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(items); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// item expands one line: code, name, type, legal limit, promise limit,
// subjects, result type, result name, materials, fees, basis, keywords.
func item(d dept, f []string) (hall.Item, error) {
	code, name := f[0], f[1]
	if !regexp.MustCompile(`^\d{12}$`).MatchString(code) {
		return hall.Item{}, errors.New("code " + code + " is not 12 digits")
	}
	legal, err := limit(f[3])
	if err != nil {
		return hall.Item{}, err
	}
	promise, err := limit(f[4])
	if err != nil {
		return hall.Item{}, err
	}
	task := d.credit + "1" + code
	it := hall.Item{
		Code: code, TaskCode: task, HandleCode: task + "00001", Name: name, Type: hall.ItemType(f[2]),
		Department: d.name, Subjects: strings.Split(f[5], "、"), LegalBasis: f[10],
		Conditions:   "申请人符合" + strings.Split(f[10], "；")[0] + "规定的条件，申请材料齐全、符合法定形式。",
		LegalLimit:   legal,
		PromiseLimit: promise, HandlingForms: []string{"窗口办理", "网上办理"}, Visits: 1,
		Steps: steps(promise), Place: d.place, Hours: hours, ConsultPhone: d.consult, ComplaintPhone: d.complaint,
		OnlineURL:   "https://www.ahzwfw.gov.cn/bog-bsdt/static/workProcess/guide.html?taskCode=" + task,
		OnlineDepth: d.depth, ResultType: f[6], ResultName: f[7], Scope: d.scope,
		Keywords: hall.SplitKeywords(f[11]), Status: hall.ItemActive, Version: 1,
	}
	if promise.Instant() {
		it.Visits = 0
	}
	if it.Materials, err = materials(f[8], code); err != nil {
		return hall.Item{}, err
	}
	fees, err := feeList(f[9])
	if err != nil {
		return hall.Item{}, err
	}
	it.Fees = fees
	it.Form = form(it.Subjects)
	return it, nil
}

// bundle expands one 一件事 line: code, name, lead department, promise
// limit, members (codes, 、-separated; each an entry above), subjects,
// keywords, conditions. Its legal limit is the longest of its members'; its
// materials and form are its members' (hall.MergeBundle at intake).
func bundle(d dept, f []string, items []hall.Item, at map[string]int) (hall.Item, error) {
	code, name := f[0], f[1]
	promise, err := limit(f[3])
	if err != nil {
		return hall.Item{}, err
	}
	task := d.credit + "1" + code
	it := hall.Item{
		Code: code, TaskCode: task, HandleCode: task + "00001", Name: name, Type: hall.TypePublicService, Department: d.name,
		Subjects: strings.Split(f[5], "、"), Keywords: hall.SplitKeywords(f[6]),
		LegalBasis:   "《国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见》（国发〔2024〕3号）",
		Conditions:   f[7],
		PromiseLimit: promise, HandlingForms: []string{"窗口办理", "网上办理"}, Visits: 1,
		Steps: steps(promise), Place: d.place, Hours: hours, ConsultPhone: d.consult, ComplaintPhone: d.complaint,
		OnlineDepth: d.depth, ResultType: "其他", ResultName: "各事项的办理结果", Scope: d.scope,
		Members: strings.Split(f[4], "、"), Status: hall.ItemActive, Version: 1,
	}
	for _, m := range it.Members {
		i, ok := at[m]
		if !ok {
			return hall.Item{}, errors.New("bundle " + code + " lists " + m + ", which is not an entry above")
		}
		l := items[i].LegalLimit
		if l.Unit == it.PromiseLimit.Unit && l.Days > it.LegalLimit.Days {
			it.LegalLimit = l
		}
	}
	if it.LegalLimit.Days < it.PromiseLimit.Days {
		it.LegalLimit = it.PromiseLimit
	}
	return it, nil
}

// limit reads "20工作日", "60自然日" or "即办".
func limit(v string) (hall.Limit, error) {
	if v == "即办" {
		return hall.Limit{Days: 0, Unit: hall.WorkingDays}, nil
	}
	for _, u := range []hall.Unit{hall.WorkingDays, hall.NaturalDays} {
		if n, ok := strings.CutSuffix(v, string(u)); ok {
			days, err := strconv.Atoi(n)
			return hall.Limit{Days: days, Unit: u}, err
		}
	}
	return hall.Limit{}, errors.New("limit " + v + " is neither 即办 nor N工作日/N自然日")
}

// materials reads "居民身份证；?结婚证；~户口簿": ? marks 非必要, ~ 容缺后补.
// Kind and source follow from the name.
func materials(v, code string) ([]hall.Material, error) {
	var out []hall.Material
	for _, n := range strings.Split(v, "；") {
		m := hall.Material{Necessity: hall.Required, Originals: 1, Medium: "纸质或电子", Source: "申请人自备"}
		switch {
		case strings.HasPrefix(n, "?"):
			m.Necessity, n = hall.Optional, n[1:]
		case strings.HasPrefix(n, "~"):
			m.Necessity, n = hall.Deferrable, n[1:]
		}
		if n == "" {
			return nil, errors.New("an empty material in " + code)
		}
		m.Name = n
		switch {
		case strings.HasSuffix(n, "表") || strings.HasSuffix(n, "书") || strings.HasSuffix(n, "表》") || strings.HasSuffix(n, "书》"):
			m.Kind, m.Medium, m.Format = "申请表格文书", "纸质", "A4"
		case strings.ContainsAny(n, "证照") || strings.Contains(n, "证明") || strings.Contains(n, "执照"):
			m.Kind = "证件证书证明"
			if strings.Contains(n, "身份证") || strings.Contains(n, "户口簿") || strings.Contains(n, "执照") ||
				strings.Contains(n, "结婚证") || strings.Contains(n, "社会保障卡") || strings.Contains(n, "驾驶证") {
				m.Source = "政府部门核发"
				m.Notes = "窗口核验原件后当场退还"
			}
		default:
			m.Kind = "其他"
		}
		if strings.Contains(n, "复印件") {
			m.Originals, m.Copies = 0, 1
		}
		out = append(out, m)
	}
	if len(out) < 2 {
		return nil, errors.New(code + " lists fewer than 2 materials")
	}
	return out, nil
}

// feeList reads "-" (free) or "名称:标准:依据；…".
func feeList(v string) ([]hall.Fee, error) {
	if v == "-" {
		return nil, nil
	}
	var out []hall.Fee
	for _, s := range strings.Split(v, "；") {
		p := strings.SplitN(s, ":", 3)
		if len(p) != 3 {
			return nil, errors.New("fee " + s + " is not 名称:标准:依据")
		}
		out = append(out, hall.Fee{Name: p[0], Standard: p[1], Basis: p[2]})
	}
	return out, nil
}

func steps(promise hall.Limit) []hall.Step {
	review := 0
	if !promise.Instant() {
		review = max(promise.Days-1, 1)
	}
	decide := promise.Days - review
	if promise.Instant() {
		decide = 0
	}
	return []hall.Step{
		{Name: "收件", Role: "综合受理窗口人员", Standard: "核对申请材料是否齐全、是否符合法定形式；材料不齐全的当场一次性告知需补正的全部内容"},
		{Name: "受理", Role: "综合受理窗口人员", Standard: "符合受理条件的当场受理并出具受理回执；不符合的出具不予受理通知书并说明理由"},
		{Name: "审查", Days: review, Role: "部门审核人员", Standard: "对申请材料的实质内容进行审查，需要核实的依法开展现场核查或部门核验"},
		{Name: "决定", Days: decide, Role: "部门审批人员", Standard: "作出办理决定；不予办理的书面说明理由，并告知救济途径"},
		{Name: "送达", Role: "综合出件窗口人员", Standard: "窗口领取或免费邮寄送达，电子结果同步推送至皖事通"},
	}
}

// form is the plain form of an entry the table does not give one: what
// every such application asks beyond the applicant.
func form(subjects []string) json.RawMessage {
	fields := []map[string]any{
		{"key": "reason", "label": "申请事由", "type": "textarea", "required": true, "max_len": 500},
		{"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true},
		{"key": "contact_address", "label": "联系地址", "type": "address"},
		{"key": "delivery", "label": "结果领取方式", "type": "select", "options": []string{"窗口领取", "邮寄送达"}, "required": true},
	}
	for _, s := range subjects {
		if s == "法人" {
			fields = append([]map[string]any{{"key": "agent_name", "label": "经办人姓名", "type": "text", "required": true, "max_len": 30}}, fields...)
			break
		}
	}
	b, _ := json.Marshal(map[string]any{"version": 1, "fields": fields})
	return b
}

// creditCode completes a 17-character unified social credit code with its
// GB 32100-2015 check character.
func creditCode(s string) (string, error) {
	const set = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	w := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	if len(s) != 17 {
		return "", errors.New("credit code " + s + " must have 17 characters before its check")
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(set, s[i])
		if v < 0 {
			return "", errors.New("credit code " + s + " has a character outside GB 32100")
		}
		sum += v * w[i]
	}
	c := (31 - sum%31) % 31
	return s + string(set[c]), nil
}
