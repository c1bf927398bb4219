package supervision

import (
	"slices"
	"strings"

	"yichuang/hall"
	"yichuang/hall/calendar"
)

// Row is a case with what the supervisor reads from it today.
type Row struct {
	*Case
	Accepted, Finished calendar.Date
	Promise, Legal     calendar.Date // zero when the stored date is missing or broken
	// Light is the warning light of an open case; zero once finished.
	Light calendar.Light
	// Left is the working days left to the promised due date: 0 on the
	// due day, negative once overdue (open cases only).
	Left int
	// Used is the working days the office has used so far (to the finish
	// for a finished case), the stopped days taken off.
	Used int
	// Late: finished after, or still open past, the promised due date.
	Late bool
	// Early: finished before the promised due date (提前办结).
	Early bool
	// PromiseTentative and LegalTentative: that date may still move (a
	// year without a table on the way to it, or a stop still running).
	PromiseTentative, LegalTentative bool
	// InstantToday: a 即办件 on the day it was accepted, which the window
	// decides on the spot: green, and not due soon, however few days are
	// left.
	InstantToday bool

	pos int // index in Board.Rows, which is in case-number order
}

// Open reports whether the case still runs.
func (r *Row) Open() bool { return r.Finished.IsZero() }

// Board is every case of a snapshot evaluated on one day.
type Board struct {
	Today    calendar.Date
	Settings Settings
	Calendar *calendar.Calendar
	Rows     []Row
	// Ratings are the snapshot's 好差评 (ratings.go).
	Ratings []Rating
	// Counts of open cases by light (index: calendar.Light).
	Counts [calendar.Suspended + 1]int
	// Waiting counts open cases not yet accepted, Undated accepted open
	// cases without a readable due date (never guessed at).
	Waiting, Undated int
	// Provisional counts open cases whose due dates may still move;
	// Uncovered lists the years without a holiday table that open cases
	// run into, from today on.
	Provisional int
	Uncovered   []int
	// Halls and Own are the snapshot's hall tree and this desk's hall.
	Halls []Hall
	Own   string
}

// Evaluate lights every case of snap on today under s. The rows come in
// case-number order (snap.Cases is sorted in place if it is not already).
func Evaluate(snap Snapshot, today calendar.Date, s Settings) *Board {
	cal := snap.Calendar
	byNo := func(a, b Case) int { return strings.Compare(a.No, b.No) }
	if !slices.IsSortedFunc(snap.Cases, byNo) {
		slices.SortFunc(snap.Cases, byNo)
	}
	b := &Board{Today: today, Settings: s, Calendar: cal, Rows: make([]Row, len(snap.Cases)), Waiting: snap.Waiting,
		Ratings: snap.Ratings, Halls: snap.Halls, Own: snap.Own}
	latest := today
	for i := range snap.Cases {
		r := &b.Rows[i]
		r.Case, r.pos = &snap.Cases[i], i
		r.Accepted = calendar.HallDate(r.AcceptedAt)
		r.Finished = calendar.HallDate(r.FinishedAt)
		r.Promise, _ = calendar.ParseDate(r.PromiseDue)
		r.Legal, _ = calendar.ParseDate(r.LegalDue)
		end := r.Finished
		if r.Open() {
			end = today
		}
		r.Used = max(cal.WorkdaysBetween(r.Accepted, end)-r.StoppedWorkdays, 0)
		if r.Promise.IsZero() {
			if r.Open() {
				b.Undated++
			}
			continue
		}
		if r.State == hall.StateWithdrawn {
			continue // withdrawn by the applicant: closed, never overdue
		}
		if !r.Open() {
			r.Late = r.Finished.After(r.Promise)
			r.Early = r.Finished.Before(r.Promise)
			continue
		}
		if r.State.Suspended() {
			r.countStopToToday(cal, today)
		}
		if r.Provisional {
			r.PromiseTentative = r.State.Suspended() || len(cal.Uncovered(r.Accepted.AddDays(1), r.Promise)) > 0
			r.LegalTentative = r.State.Suspended() || len(cal.Uncovered(r.Accepted.AddDays(1), r.Legal)) > 0
		}
		r.Light = cal.LightOf(today, r.Accepted, r.Promise, r.State.Suspended(), s.Thresholds)
		if r.PromiseLimit.Instant() && r.Accepted == today && r.Light == calendar.Yellow {
			r.Light, r.InstantToday = calendar.Green, true
		}
		r.Left = cal.Remaining(today, r.Promise)
		r.Late = r.Light == calendar.Red
		b.Counts[r.Light]++
		if r.Provisional {
			b.Provisional++
		}
		if r.Promise.After(latest) {
			latest = r.Promise
		}
		if r.Legal.After(latest) {
			latest = r.Legal
		}
	}
	b.Uncovered = cal.Uncovered(today, latest)
	return b
}

// Open counts the open cases with a light.
func (b *Board) Open() int {
	n := 0
	for _, c := range b.Counts {
		n += c
	}
	return n
}

// Departments and Clerks list the distinct values, sorted, for filters.
func (b *Board) Departments() []string {
	return distinct(b.Rows, func(r *Row) string { return r.Department })
}

// Clerks lists the distinct clerks, sorted.
func (b *Board) Clerks() []string { return distinct(b.Rows, func(r *Row) string { return r.Clerk }) }

func distinct(rows []Row, key func(*Row) string) []string {
	seen := map[string]bool{}
	for i := range rows {
		seen[key(&rows[i])] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// countStopToToday moves the dates of a case whose stop still runs to what
// they are if the stop ends today, the earliest it can end now. The store
// counted them when the stop began (as if it ended that day), which would
// show a case waiting for an expert's report as overdue.
func (r *Row) countStopToToday(cal *calendar.Calendar, today calendar.Date) {
	stops, err := calendar.ParseStops(r.Stops)
	if err != nil || len(stops) == 0 || !stops[len(stops)-1].Open() {
		return
	}
	last := &stops[len(stops)-1]
	last.To = last.From
	if today.After(last.From) {
		last.To = today
	}
	if d, err := cal.DueDate(r.Accepted, r.PromiseLimit, stops); err == nil {
		r.Promise = d.Date
	}
	if d, err := cal.DueDate(r.Accepted, r.LegalLimit, stops); err == nil {
		r.Legal = d.Date
	}
}
