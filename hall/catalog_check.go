package hall

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ItemProblem is one thing wrong with one entry of a batch: Index is its
// position in the batch, Field its JSON name (so a file parser can turn it
// into a column), Message a Chinese sentence for the clerk.
type ItemProblem struct {
	Index   int
	Field   string
	Message string
}

// CheckCatalog checks every entry of a batch and the batch as a whole
// (no two entries with one code, one 实施编码 and 业务办理项编码, or one
// provincial type code under two names). It stops after max
// problems (0 = no limit) so a broken 100,000-row file does not drown the
// clerk.
func CheckCatalog(items []Item, max int) []ItemProblem { return checkCatalog(items, max, false) }

// CheckCatalogFile is CheckCatalog for a file read before the desk's type
// table is at hand: an entry may give a province's type code without its
// name, which the store fills from its table (and refuses if it cannot).
func CheckCatalogFile(items []Item, max int) []ItemProblem { return checkCatalog(items, max, true) }

func checkCatalog(items []Item, max int, bareTypes bool) []ItemProblem {
	var out []ItemProblem
	full := func() bool { return max > 0 && len(out) >= max }
	codes := make(map[string]int, len(items))
	tasks := make(map[string]int, len(items))
	typeNames := map[ItemType]int{} // provincial code → first entry naming it
	for i := range items {
		if t, n := items[i].Type, strings.TrimSpace(items[i].TypeName); n != "" && !t.Known() {
			if j, seen := typeNames[t]; !seen {
				typeNames[t] = i
			} else if other := strings.TrimSpace(items[j].TypeName); other != n {
				out = append(out, ItemProblem{i, "type", "事项类型 " + string(t) + " 的名称“" + n + "”与第 " +
					strconv.Itoa(j+1) + " 项的“" + other + "”不同"})
			}
		}
		for _, p := range checkItem(&items[i], bareTypes) {
			p.Index = i
			out = append(out, p)
		}
		if c := items[i].Code; c != "" {
			if j, dup := codes[c]; dup {
				out = append(out, ItemProblem{i, "code", "事项编码“" + c + "”与第 " + strconv.Itoa(j+1) + " 项重复"})
			} else {
				codes[c] = i
			}
		}
		// Entries may share a 实施编码 when they are its 业务办理项; the pair
		// is what must be unique.
		if c, h := items[i].TaskCode, items[i].HandleCode; c != "" {
			if j, dup := tasks[c+"\x00"+h]; dup {
				what := "实施编码“" + c + "”"
				if h != "" {
					what += "与业务办理项编码“" + h + "”"
				}
				out = append(out, ItemProblem{i, "task_code", what + "与第 " + strconv.Itoa(j+1) + " 项重复"})
			} else {
				tasks[c+"\x00"+h] = i
			}
		}
		if full() {
			return out[:max]
		}
	}
	return out
}

// checkType accepts a national type code, whose name (if given) must be
// the national one, or a province's own code with the name it gives it.
// A store that already knows a provincial code fills TypeName before the
// check, so a list need not repeat it.
func checkType(bad func(field, msg string), it *Item, bare bool) {
	t, name := it.Type, strings.TrimSpace(it.TypeName)
	switch {
	case t == "":
		bad("type", "事项类型不能为空（01–10、20 或省定类型代码）")
	case !ValidTypeCode(t):
		bad("type", "事项类型“"+string(t)+"”不是类型代码：应为 1 至 4 位字母或数字，如 01 行政许可、20 公共服务")
	case t.Known() && name != "" && name != t.Name():
		bad("type", "事项类型 "+string(t)+" 在全国类型表中是“"+t.Name()+"”，与所给名称“"+name+"”不符")
	case !t.Known() && name == "" && !bare:
		bad("type", "事项类型“"+string(t)+"”不在全国类型表中（01–10、20）：省定类型须同时给出类型名称，如“21 便民服务”")
	case utf8.RuneCountInString(name) > 20:
		bad("type", "事项类型名称“"+name+"”超过 20 个字")
	}
}

// CheckItem checks one entry on its own. Index is left 0.
func CheckItem(it *Item) []ItemProblem { return checkItem(it, false) }

func checkItem(it *Item, bareType bool) []ItemProblem {
	var out []ItemProblem
	bad := func(field, msg string) { out = append(out, ItemProblem{Field: field, Message: msg}) }
	checkCode(bad, "code", "事项编码", it.Code, 50, true)
	checkCode(bad, "basic_code", "基本编码", it.BasicCode, 20, false)
	checkCode(bad, "task_code", "实施编码", it.TaskCode, 36, true)
	checkCode(bad, "handle_code", "业务办理项编码", it.HandleCode, 50, false)
	checkCode(bad, "local_code", "地方基本编码", it.LocalCode, 50, false)
	checkCode(bad, "local_task_code", "地方实施编码", it.LocalTaskCode, 50, false)
	checkCode(bad, "local_handle_code", "地方业务办理项编码", it.LocalHandleCode, 60, false)
	switch n := utf8.RuneCountInString(strings.TrimSpace(it.Name)); {
	case n == 0:
		bad("name", "事项名称不能为空")
	case n > 200:
		bad("name", "事项名称超过 200 个字")
	}
	checkKeywords(bad, it.Keywords)
	checkType(bad, it, bareType)
	if strings.TrimSpace(it.Department) == "" {
		bad("department", "实施部门不能为空")
	}
	checkLimit(bad, "legal_limit", "法定办结时限", it.LegalLimit)
	checkLimit(bad, "promise_limit", "承诺办结时限", it.PromiseLimit)
	if l, p := it.LegalLimit, it.PromiseLimit; l.Days > 0 && l.Unit == p.Unit && p.Days > l.Days {
		bad("promise_limit", "承诺办结时限（"+p.String()+"）超过法定办结时限（"+l.String()+"）")
	}
	if it.ExtensionDays < 0 || it.ExtensionDays > MaxExtensionDays {
		bad("extension_days", fmt.Sprintf("延长时限应在 0 到 %d 个工作日之间", MaxExtensionDays))
	}
	if it.Visits < 0 || it.Visits > 10 {
		bad("visits", "到现场次数应在 0 到 10 之间")
	}
	if it.Status != "" && it.Status != ItemActive && it.Status != ItemWithdrawn {
		bad("status", "事项状态“"+string(it.Status)+"”只能是“在用”或“已取消”")
	}
	if u := it.OnlineURL; u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		bad("online_url", "网上办理地址“"+u+"”不是 http(s) 网址")
	}
	if len(it.Form) > 0 && !json.Valid(it.Form) {
		bad("form", "表单定义不是合法的 JSON")
	}
	checkParts(bad, it)
	checkMembers(bad, it)
	return out
}

func checkCode(bad func(string, string), field, label, v string, max int, required bool) {
	switch {
	case v == "":
		if required {
			bad(field, label+"不能为空")
		}
		return
	case len(v) > max:
		bad(field, label+"“"+v+"”超过 "+strconv.Itoa(max)+" 位")
		return
	}
	for _, c := range v {
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-' || c == '_' || c == '.') {
			bad(field, label+"“"+v+"”含有字母、数字以外的字符")
			return
		}
	}
}

func checkLimit(bad func(string, string), field, label string, l Limit) {
	switch {
	case l.Days < 0 || l.Days > 3650:
		bad(field, label+"应在 0 到 3650 天之间")
	case l.Unit == "" && l.Days > 0:
		bad(field, label+"缺少单位（工作日或自然日）")
	case l.Unit != "" && !l.Unit.Valid():
		bad(field, label+"的单位“"+string(l.Unit)+"”只能是工作日或自然日")
	}
}

// checkParts checks the lists of an entry: materials, steps, fees and
// special procedures; each message says which one (第 N 项).
func checkParts(bad func(string, string), it *Item) {
	for i, m := range it.Materials {
		at := "申请材料第 " + strconv.Itoa(i+1) + " 项"
		switch {
		case strings.TrimSpace(m.Name) == "":
			bad("materials", at+"缺少材料名称")
		case m.Necessity != Required && m.Necessity != Optional && m.Necessity != Deferrable:
			bad("materials", at+"“"+m.Name+"”的必要性“"+string(m.Necessity)+"”只能是必要、非必要或容缺后补")
		case m.Originals < 0 || m.Copies < 0 || m.Originals > 99 || m.Copies > 99:
			bad("materials", at+"“"+m.Name+"”的原件或复印件份数应在 0 到 99 之间")
		}
	}
	for i, s := range it.Steps {
		if strings.TrimSpace(s.Name) == "" || s.Days < 0 {
			bad("steps", "办理流程第 "+strconv.Itoa(i+1)+" 步缺少名称或天数为负")
		}
	}
	for i, f := range it.Fees {
		if strings.TrimSpace(f.Name) == "" {
			bad("fees", "收费第 "+strconv.Itoa(i+1)+" 项缺少收费项目名称")
		}
	}
	for i, sp := range it.Special {
		if strings.TrimSpace(sp.Name) == "" {
			bad("special_procedures", "特别程序第 "+strconv.Itoa(i+1)+" 项缺少名称")
		}
		checkLimit(bad, "special_procedures", "特别程序“"+sp.Name+"”的时限", sp.Limit)
	}
}
