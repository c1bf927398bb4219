package forms

// Caps that apply when the schema sets none (docs/form-schema.md,
// "Defaults"). An explicit max_len or max_rows replaces them.
const (
	DefaultMaxText     = 200   // text, in characters
	DefaultMaxAddress  = 200   // address, in characters
	DefaultMaxTextarea = 20000 // textarea, in characters
	DefaultMaxNumber   = 30    // number, in characters
	DefaultMaxRows     = 100   // rows
)

// maxLen is the length cap of a field, 0 when its format bounds it.
func maxLen(f *Field) int {
	if f.MaxLen > 0 {
		return f.MaxLen
	}
	switch f.Type {
	case TypeText:
		return DefaultMaxText
	case TypeAddress:
		return DefaultMaxAddress
	case TypeTextarea:
		return DefaultMaxTextarea
	case TypeNumber:
		return DefaultMaxNumber
	}
	return 0
}
