package hall

import "strings"

// ApplicantKind separates natural persons from legal persons and other
// organisations; each needs different fields at the window.
type ApplicantKind string

// Applicant kinds.
const (
	NaturalPerson ApplicantKind = "自然人"
	LegalPerson   ApplicantKind = "法人"
)

// ID document types (证件类型) as platforms code them.
const (
	IDResidentCard = "居民身份证" // code 10
	IDCreditCode   = "统一社会信用代码"
)

// Applicant is who applies. A natural person is identified by an ID
// number; a legal person by its credit code, with its legal representative
// and a contact person.
type Applicant struct {
	Kind     ApplicantKind `json:"kind"`
	Name     string        `json:"name"`      // person's name, or the organisation's
	IDType   string        `json:"id_type"`   // 居民身份证, 统一社会信用代码 …
	IDNumber string        `json:"id_number"` // ID number or credit code
	Phone    string        `json:"phone"`
	Address  string        `json:"address,omitempty"`

	Sex       string `json:"sex,omitempty"`        // 男 or 女 (natural person), as its ID number says
	BirthDate string `json:"birth_date,omitempty"` // YYYY-MM-DD (natural person), as its ID number says

	LegalRep     string `json:"legal_rep,omitempty"`     // 法定代表人 (legal person)
	ContactName  string `json:"contact_name,omitempty"`  // 联系人 (legal person)
	ContactPhone string `json:"contact_phone,omitempty"` // 联系人手机
}

// MaskID masks an ID number or credit code for screens and documents,
// keeping the first four and the last four characters:
// 11010519491231002X → 1101**********002X.
func MaskID(id string) string {
	r := []rune(id)
	if len(r) <= 8 {
		if len(r) <= 2 {
			return strings.Repeat("*", len(r))
		}
		return string(r[:1]) + strings.Repeat("*", len(r)-2) + string(r[len(r)-1:])
	}
	return string(r[:4]) + strings.Repeat("*", len(r)-8) + string(r[len(r)-4:])
}

// MaskBirthDate keeps the year of a YYYY-MM-DD birth date (the masked ID
// number hides the rest): 1949-12-31 → 1949-**-**.
func MaskBirthDate(d string) string {
	if len(d) == len("2006-01-02") && d[4] == '-' {
		return d[:5] + "**-**"
	}
	return MaskID(d)
}

// MaskPhone masks a phone number: 13812345678 → 138****5678.
func MaskPhone(p string) string {
	r := []rune(p)
	if len(r) < 7 {
		return MaskID(p)
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
}
