package forms

// Shown tells, for the fields of one level (a schema's Fields, or a rows
// field's sub-fields) and that level's values, which fields are shown. It
// is the rule Validate and Clean apply, exported so a form on screen hides
// and shows exactly what the checks skip and keep.
func Shown(fields []Field, v map[string]any) []bool {
	return visibility(fields, indexOf(fields), v)
}
