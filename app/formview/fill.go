package formview

import "yichuang/forms"

// fillFromID enters what a valid resident ID tells (forms.FromID: the
// birth date and sex of the fields its rules tie to it) into fields that
// are empty or still hold what the form entered itself; a value the clerk
// typed is never overwritten, and if it disagrees the rule says so.
func (f *Form) fillFromID(path string) {
	fv := f.views[path]
	if fv == nil || fv.def.Type != forms.TypeIDNumber {
		return
	}
	for _, fill := range f.schema.FromID(f.top.values(), f.Today()) {
		cur := f.valueAt(fill.Key)
		if cur != "" && cur != f.filled[fill.Key] {
			continue
		}
		f.filled[fill.Key] = fill.Value
		if cur != fill.Value {
			f.Set(fill.Key, fill.Value)
		}
	}
}

// rememberFills marks the values of a draft that agree with its ID as the
// form's own, so that a corrected ID corrects them too.
func (f *Form) rememberFills() {
	for _, fill := range f.schema.FromID(f.top.values(), f.Today()) {
		if f.valueAt(fill.Key) == fill.Value {
			f.filled[fill.Key] = fill.Value
		}
	}
}
