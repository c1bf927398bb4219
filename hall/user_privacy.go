package hall

import "context"

// Personal fields of an applicant that are sealed at rest and masked on
// screen; Reveal names them.
const (
	FieldIDNumber     = "id_number"
	FieldPhone        = "phone"
	FieldAddress      = "address"
	FieldContactPhone = "contact_phone"
)

// FieldLabel is a personal field's Chinese name.
func FieldLabel(f string) string {
	switch f {
	case FieldIDNumber:
		return "证件号码"
	case FieldPhone:
		return "联系电话"
	case FieldAddress:
		return "地址"
	case FieldContactPhone:
		return "联系人手机"
	}
	return f
}

// PrivacyService shows personal data in full only on demand, and records
// every time it does.
type PrivacyService interface {
	// Reveal returns one personal field of a case's applicant in full and
	// writes an audit record in the same transaction.
	Reveal(ctx context.Context, caseID, field string) (string, error)
	// FindByIDNumber lists the cases of an applicant by ID number or
	// credit code, through the keyed hash; audited.
	FindByIDNumber(ctx context.Context, id string) ([]CaseSummary, error)
}

// MaskAddress keeps the first six characters of an address (the county,
// usually) and masks the rest.
func MaskAddress(a string) string {
	r := []rune(a)
	if len(r) <= 6 {
		return MaskID(a)
	}
	out := string(r[:6])
	for range r[6:] {
		out += "*"
	}
	return out
}

// RetentionService purges the personal data of finished, confirmed cases
// whose retention period (settings) has passed.
type RetentionService interface {
	PurgeDue(ctx context.Context) (int, error)
}
