package supervision

// DueSoon lists the open, running cases that are overdue or fall due
// within the notice's working days, the most urgent first: what the
// supervisor is told when the app opens. Suspended cases wait for someone
// else and are left out.
func (b *Board) DueSoon() []*Row {
	var out []*Row
	for i := range b.Rows {
		r := &b.Rows[i]
		if dueSoon(r, b.Settings.NoticeDays) {
			out = append(out, r)
		}
	}
	Sort(out, ColLight, false)
	return out
}
