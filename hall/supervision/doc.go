// Package supervision is the supervisor's view of time limits (时限监督): it
// turns the accepted cases the store lists into lights, remaining working
// days, filters, sort orders, statistics by department and by clerk, and
// the due-soon notice. Pure: the store fills Snapshot, screens and exports
// read Board.
package supervision
