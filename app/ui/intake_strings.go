package ui

import "yichuang/app/formview"

// formStrings are the words the rendered forms show on their own, through
// the translations like every string of the screens.
func formStrings() formview.Strings {
	return formview.Strings{
		AddRow: T("form.rows.add", "添加一行"), RemoveRow: T("form.rows.remove", "删除本行"),
		Row: T("form.rows.row", "第%d行"), Confirm: T("form.confirm", "已核对，确认无误"), Required: "*",
		Placeholders: map[string]string{
			"date":         T("form.ph.date", "YYYY-MM-DD，如 2026-01-31"),
			"id_number":    T("form.ph.id", "18位公民身份号码"),
			"credit_code":  T("form.ph.credit", "18位统一社会信用代码"),
			"phone":        T("form.ph.phone", "手机号码，或带区号的固定电话"),
			"region":       T("form.ph.region", "6位或12位行政区划代码"),
			"number":       T("form.ph.number", "数字"),
			"select":       T("form.ph.select", "请选择（数字键1–9）"),
			"ethnic_group": T("form.ph.ethnic", "请选择，或输入两位代码（如 01 汉族）"),
		},
	}
}
