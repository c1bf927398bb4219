// Package hall is the domain of a one-stop government service window: the
// service items a hall handles (Item, Material), the people who apply
// (Applicant), the cases they open (Case) and the states a case moves
// through. It imports nothing of the project and does no I/O; the store,
// the sync engine and the screens use its types and implement its
// interfaces.
package hall
