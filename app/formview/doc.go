// Package formview renders an item's form schema (package forms) as Fyne
// widgets for the window, keyboard first: Tab and Enter move to the next
// field, a select takes the digit of its option, shortcuts registered on
// the form work from inside any field, and each field shows its own error
// in Chinese beside it once the clerk has left it (every error after a
// submit attempt). The checks are those of forms: the form never decides
// validity itself, it only shows what forms says.
//
// What the clerk typed is kept exactly (Values), also in fields a show_if
// condition hides again, so no refusal and no change of mind loses text;
// Clean and Normalize of forms make the values a case keeps.
package formview

// Strings are the few words the form shows on its own; the screens set
// them through their translations.
type Strings struct {
	AddRow    string
	RemoveRow string
	Row       string // row heading, %d is the row number
	Confirm   string // confirms a value that only warns
	Required  string // marks a required field's label
	// Placeholders by field type, shown in empty fields without their own.
	Placeholders map[string]string
}

// Text is what forms built from now on show.
var Text = Strings{AddRow: "添加一行", RemoveRow: "删除本行", Row: "第%d行",
	Confirm: "已核对，确认无误", Required: "*",
	Placeholders: map[string]string{
		"date": "YYYY-MM-DD，如 2026-01-31", "id_number": "18位公民身份号码", "credit_code": "18位统一社会信用代码",
		"phone": "手机号码，或带区号的固定电话", "region": "6位或12位行政区划代码", "number": "数字",
		"select": "请选择（数字键1–9）", "ethnic_group": "请选择，或输入两位代码（如 01 汉族）",
	}}
