package ui

import (
	"encoding/json"
	"slices"
	"strings"

	"yichuang/forms"
	"yichuang/hall"
)

// applicantFields is the applicant block, written as a form schema so the
// window checks it with the same rules and shows its errors the same way
// as the item's own form. A natural person gives a name, resident ID and a
// phone (mobile or landline: not every applicant has a mobile); a legal
// person its name, credit code, legal representative and a contact person.
// A valid ID number fills the person's sex and birth date (the rules in
// applicantSchema tie them to it, and refuse values that disagree).
const applicantFields = `[
 {"key":"name","label":"申请人姓名","type":"text","required":true,"max_len":50,
  "show_if":{"field":"kind","equals":"自然人"}},
 {"key":"id_number","label":"公民身份号码","type":"id_number","required":true,
  "show_if":{"field":"kind","equals":"自然人"}},
 {"key":"sex","label":"性别","type":"select","options":["男","女"],"show_if":{"field":"kind","equals":"自然人"},
  "hint":"按公民身份号码自动填写"},
 {"key":"birth_date","label":"出生日期","type":"date","max":"today","show_if":{"field":"kind","equals":"自然人"},
  "hint":"按公民身份号码自动填写"},
 {"key":"phone","label":"联系电话","type":"phone","required":true,"show_if":{"field":"kind","equals":"自然人"}},
 {"key":"org_name","label":"单位名称","type":"text","required":true,"max_len":100,
  "show_if":{"field":"kind","equals":"法人"}},
 {"key":"credit_code","label":"统一社会信用代码","type":"credit_code","required":true,
  "show_if":{"field":"kind","equals":"法人"}},
 {"key":"legal_rep","label":"法定代表人","type":"text","required":true,"max_len":50,
  "show_if":{"field":"kind","equals":"法人"}},
 {"key":"contact_name","label":"联系人","type":"text","required":true,"max_len":50,
  "show_if":{"field":"kind","equals":"法人"}},
 {"key":"contact_phone","label":"联系人电话","type":"phone","required":true,"show_if":{"field":"kind","equals":"法人"}},
 {"key":"address","label":"联系地址","type":"address"}
]`

// applicantSchema is the applicant block for an item: the kinds of
// applicant the item serves (both when the catalog does not say).
func applicantSchema(subjects []string) *forms.Schema {
	var kinds []string
	for _, k := range []hall.ApplicantKind{hall.NaturalPerson, hall.LegalPerson} {
		if slices.Contains(subjects, string(k)) {
			kinds = append(kinds, string(k))
		}
	}
	if len(kinds) == 0 {
		kinds = []string{string(hall.NaturalPerson), string(hall.LegalPerson)}
	}
	var fields []forms.Field
	if err := json.Unmarshal([]byte(applicantFields), &fields); err != nil {
		panic("applicant fields: " + err.Error()) // a constant: the tests parse it
	}
	// Only the fields of the kinds the item serves: a condition may name
	// only an option of its select.
	kept := fields[:0]
	for _, f := range fields {
		if f.ShowIf == nil || f.ShowIf.Equals == nil || slices.Contains(kinds, *f.ShowIf.Equals) {
			kept = append(kept, f)
		}
	}
	fields = kept
	kind := forms.Field{Key: "kind", Label: "申请人类型", Type: forms.TypeSelect, Required: true, Options: kinds}
	var rules []forms.Rule
	if slices.Contains(kinds, string(hall.NaturalPerson)) {
		rules = []forms.Rule{{Kind: forms.RuleIDBirthMatches, Fields: []string{"id_number", "birth_date"}},
			{Kind: forms.RuleIDGenderMatches, Fields: []string{"id_number", "sex"}}}
	}
	raw, _ := json.Marshal(forms.Schema{Version: 1, Fields: append([]forms.Field{kind}, fields...), Rules: rules})
	s, err := forms.Parse(raw)
	if err != nil {
		panic("applicant schema: " + err.Error())
	}
	return s
}

// applicantOf makes the case's applicant from the block's checked values.
func applicantOf(v forms.Values) hall.Applicant {
	get := func(k string) string { s, _ := v[k].(string); return s }
	a := hall.Applicant{Kind: hall.ApplicantKind(get("kind")), Address: get("address")}
	if a.Kind == hall.LegalPerson {
		a.Name, a.IDType, a.IDNumber = get("org_name"), hall.IDCreditCode, get("credit_code")
		a.LegalRep, a.ContactName, a.ContactPhone = get("legal_rep"), get("contact_name"), get("contact_phone")
		a.Phone = a.ContactPhone
		return a
	}
	a.Name, a.IDType, a.IDNumber, a.Phone = get("name"), hall.IDResidentCard, get("id_number"), get("phone")
	a.Sex, a.BirthDate = get("sex"), get("birth_date")
	return a
}

// applicantTitle names the applicant for the draft list, as far as typed.
func applicantTitle(v forms.Values) string {
	for _, k := range []string{"name", "org_name"} {
		if s, _ := v[k].(string); strings.TrimSpace(s) != "" && (k == "name") == (v["kind"] != string(hall.LegalPerson)) {
			return strings.TrimSpace(s)
		}
	}
	return ""
}
