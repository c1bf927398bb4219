// Package history writes months of a desk's past into its database in
// bulk, for tests and benchmarks of the supervisor's screen and the monthly
// report: realistic cases accepted on the working days of the half year up
// to a given day, decided around their promised dates, a few through a
// special procedure, their outbox entries already pushed. Each case goes
// through hall.Apply and hall/calendar like a clerk's actions, but many
// share one transaction and the rows are written with SQL of their own
// (the store's services would take minutes for 100,000 cases). Tests only.
package history

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"strconv"
	"time"

	"yichuang/hall"
	"yichuang/hall/calendar"
	"yichuang/store/sqlite"
)

// Seed writes n realistic cases of the catalog's active items, accepted at
// this desk on the working days of the half year up to today (the hall's
// day of today): see seedPlan for their mix. Their outbox entries are
// written as already pushed (state done, the event only), as on a desk that
// has been in service for months. The same seed gives the same cases. It
// returns how many were written.
func Seed(ctx context.Context, db *sqlite.DB, n int, today time.Time, seed int64) (int, error) {
	items, err := db.Catalog().ListItems(ctx, hall.ItemFilter{Limit: 100000})
	if err != nil {
		return 0, err
	}
	var usable []hall.ItemSummary
	for _, it := range items {
		if it.Status != hall.ItemWithdrawn && it.PromiseLimit.Unit.Valid() || it.PromiseLimit.Instant() {
			usable = append(usable, it)
		}
	}
	if len(usable) == 0 {
		return 0, hall.Errorf(hall.EConflict, "事项目录为空，无法生成演示办件")
	}
	cal, err := db.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	r := rand.New(rand.NewSource(seed))
	end := calendar.HallDate(today)
	var days []calendar.Date
	for d := end.AddDays(-182); !d.After(end); d = d.AddDays(1) {
		if cal.IsWorkday(d) {
			days = append(days, d)
		}
	}
	done := 0
	for done < n {
		batch := min(n-done, 2000)
		err := db.Update(ctx, func(tx *sqlite.Tx) error {
			w, err := newSeedWriter(ctx, tx, cal)
			if err != nil {
				return err
			}
			defer w.close()
			for range batch {
				d := days[r.Intn(len(days))]
				st := seedPlan(r, cal, usable[r.Intn(len(usable))], d, end)
				if d == end && r.Intn(8) == 0 {
					st.events = st.events[:1] // received today, not accepted yet
				}
				if err := w.write(ctx, r, st); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return done, err
		}
		done += batch
	}
	return done, nil
}

// seedWriter holds the statements of one seed transaction.
type seedWriter struct {
	tx                 *sqlite.Tx
	cal                *calendar.Calendar
	kase, event, outbx func(args ...any) error
	closers            []func() error
	hallCode, deskCode string
	generation         int
}

func newSeedWriter(ctx context.Context, tx *sqlite.Tx, cal *calendar.Calendar) (*seedWriter, error) {
	w := &seedWriter{tx: tx, cal: cal}
	for key, dst := range map[string]*string{hall.SettingHallCode: &w.hallCode, hall.SettingDeskCode: &w.deskCode} {
		if err := tx.QueryRowContext(ctx, "SELECT coalesce((SELECT value FROM settings WHERE key = ?), '')", key).Scan(dst); err != nil {
			return nil, err
		}
	}
	if w.hallCode == "" || w.deskCode == "" {
		return nil, fmt.Errorf("history: the desk has no hall and desk code")
	}
	var gen string
	if err := tx.QueryRowContext(ctx, "SELECT coalesce((SELECT value FROM settings WHERE key = ?), '0')", hall.SettingGeneration).Scan(&gen); err != nil {
		return nil, err
	}
	w.generation, _ = strconv.Atoi(gen)
	prepare := func(q string) (func(args ...any) error, error) {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return nil, err
		}
		w.closers = append(w.closers, st.Close)
		return func(args ...any) error { _, err := st.ExecContext(ctx, args...); return err }, nil
	}
	var err error
	if w.kase, err = prepare(`INSERT INTO cases (id, no, item_code, item_name, department, state,
		result, clerk, applicant_name, received_at, accepted_at, finished_at, promise_due, legal_due, created_at,
		updated_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
		return nil, err
	}
	if w.event, err = prepare(`INSERT INTO case_events (id, case_id, seq, action, from_state,
		to_state, at, actor, origin, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'desk', ?)`); err != nil {
		return nil, err
	}
	w.outbx, err = prepare(`INSERT INTO outbox (op_id, kind, case_id, body, created_at, state,
		done_at) VALUES (?, 'case.event', ?, ?, ?, 'done', ?)`)
	return w, err
}

func (w *seedWriter) close() {
	for _, c := range w.closers {
		c()
	}
}

// number is the case's number, as the desk makes it: the day's sequence
// in desk_sequences, the hall's day of at.
func (w *seedWriter) number(ctx context.Context, at time.Time) (string, error) {
	var seq int
	if err := w.tx.QueryRowContext(ctx, `INSERT INTO desk_sequences (day, last) VALUES (?, 1)
		ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`, hall.HallTime(at).Format("20060102")).Scan(&seq); err != nil {
		return "", err
	}
	return hall.CaseNumberOf(w.hallCode, w.deskCode, at, w.generation, seq)
}

// write applies the story's events to a new case, counting its due dates
// after each event that moves them, and inserts case, events and outbox.
func (w *seedWriter) write(ctx context.Context, r *rand.Rand, st seedStory) error {
	c := &hall.Case{ID: sqlite.NewID(), ItemCode: st.item.Code, ItemName: st.item.Name, Department: st.item.Department,
		Clerk: st.clerk, Applicant: hall.Applicant{Kind: hall.NaturalPerson, Name: st.name, IDType: hall.IDResidentCard},
		CreatedAt: st.events[0].At}
	no, err := w.number(ctx, st.events[0].At)
	if err != nil {
		return err
	}
	c.No = no
	lim := calendar.Limits{Promise: st.item.PromiseLimit, Legal: st.item.LegalLimit}
	applied := make([]hall.Event, 0, len(st.events))
	for i, ev := range st.events {
		ev.ID = sqlite.NewID()
		if ev.Action == hall.ActDecide {
			ev.Result = seedResult(r, st.item)
		}
		if ev.Action == hall.ActDeliver { // posted: a window pick-up would need an applicant's ID
			ev.Data, _ = json.Marshal(hall.Notice{Delivery: &hall.Delivery{Method: hall.DeliverPost,
				Company: "中国邮政EMS", Tracking: fmt.Sprintf("EMS%010d", r.Intn(1e9))}})
		}
		if calendar.MovesDue(ev.Action) {
			p, l, err := w.cal.DueDates(lim, time.Time{}, st.events[:i+1])
			if err != nil {
				return fmt.Errorf("seed case %s: %w", c.No, err)
			}
			ev.PromiseDue, ev.LegalDue = p.Date.String(), l.Date.String()
		}
		a, err := hall.Apply(c, ev)
		if err != nil {
			return fmt.Errorf("seed case %s: %w", c.No, err)
		}
		applied = append(applied, a)
	}
	doc, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := w.kase(c.ID, c.No, c.ItemCode, c.ItemName, c.Department, string(c.State),
		string(c.Result), c.Clerk, c.Applicant.Name, stamp(c.ReceivedAt), stamp(c.AcceptedAt), stamp(c.FinishedAt),
		c.PromiseDue, c.LegalDue, stamp(c.CreatedAt), stamp(c.UpdatedAt), string(doc)); err != nil {
		return err
	}
	for i, ev := range applied {
		edoc, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		if err := w.event(ev.ID, c.ID, i+1, string(ev.Action), string(ev.From), string(ev.To),
			stamp(ev.At), ev.Actor, string(edoc)); err != nil {
			return err
		}
		body := `{"event":` + string(edoc) + `}`
		if err := w.outbx(ev.ID, c.ID, body, stamp(ev.At), stamp(ev.At)); err != nil {
			return err
		}
	}
	if c.AcceptedAt.IsZero() {
		return nil
	}
	// What the store keeps beside a case's dates (store/sqlite/deadline.go).
	p, l, err := w.cal.DueDates(lim, c.AcceptedAt, applied)
	if err != nil {
		return err
	}
	stops, err := calendar.StopsOf(calendar.HallDate(c.AcceptedAt), applied)
	if err != nil {
		return err
	}
	_, err = w.tx.ExecContext(ctx, `UPDATE cases SET due_promise_days = ?, due_promise_unit = ?,
		due_legal_days = ?, due_legal_unit = ?, due_stops = ?, due_stopped_days = ?, due_provisional = ?
		WHERE id = ?`, lim.Promise.Days, string(lim.Promise.Unit), lim.Legal.Days, string(lim.Legal.Unit),
		calendar.FormatStops(stops), w.cal.StoppedDays(stops), p.Provisional() || l.Provisional(), c.ID)
	return err
}

// stamp is how the store writes times: UTC, RFC 3339 with nanoseconds.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

var (
	seedClerks  = []string{"王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄婷", "周杰", "吴昊", "徐丽", "孙浩"}
	seedSurname = []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
	seedGiven   = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣晨琳雪梅莉倩婷晶喆堃玥")
)

// seedStory is one case's life as the seed makes it: its item, clerk and
// events, each at the hall's time.
type seedStory struct {
	item   hall.ItemSummary
	clerk  string
	name   string
	events []hall.Event
}

// seedPlan makes the story of a case accepted on day d, as it stands on
// today: 即办件 mostly done on the spot; the others reviewed and decided
// around their promised date (six in ten early, three on the day, one
// late), one in eight of those with five days or more through a special
// procedure of a few working days; whatever today has not reached yet is
// still open.
func seedPlan(r *rand.Rand, cal *calendar.Calendar, it hall.ItemSummary, d, today calendar.Date) seedStory {
	st := seedStory{item: it, clerk: seedClerks[r.Intn(len(seedClerks))]}
	st.name = string(seedSurname[r.Intn(len(seedSurname))]) + string(seedGiven[r.Intn(len(seedGiven))])
	if r.Intn(2) == 0 {
		st.name += string(seedGiven[r.Intn(len(seedGiven))])
	}
	at := func(day calendar.Date, from, span time.Duration) time.Time {
		return day.Start().Add(from + time.Duration(r.Int63n(int64(span))))
	}
	accept := at(d, 8*time.Hour+30*time.Minute, 8*time.Hour)
	add := func(a hall.Action, t time.Time) {
		st.events = append(st.events, hall.Event{Action: a, At: t, Actor: st.clerk})
	}
	add(hall.ActReceive, accept.Add(-time.Duration(3+r.Intn(20))*time.Minute))
	add(hall.ActAccept, accept)
	if it.PromiseLimit.Instant() {
		if r.Intn(20) > 0 || d.Before(today) {
			add(hall.ActDecide, accept.Add(time.Duration(10+r.Intn(40))*time.Minute))
		}
		return st
	}
	next := cal.AddWorkdays(d, 1)
	if next.After(today) {
		return st
	}
	reviewed := at(next, 9*time.Hour, time.Hour)
	add(hall.ActStartReview, reviewed)
	earliest, end := reviewed.Add(time.Hour), next // a decision comes after review starts
	// 检验, 鉴定, 专家评审 come with the items of longer limits.
	if it.PromiseLimit.Days >= 5 && r.Intn(8) == 0 {
		start := cal.AddWorkdays(next, r.Intn(3))
		if start.After(today) {
			return st
		}
		add(hall.ActStartSpecial, at(start, 10*time.Hour, 5*time.Hour))
		if end = cal.AddWorkdays(start, 2+r.Intn(10)); end.After(today) {
			return st
		}
		ended := at(end, 9*time.Hour, 6*time.Hour)
		add(hall.ActEndSpecial, ended)
		earliest = ended.Add(time.Hour)
	}
	promise, _, err := cal.DueDates(calendar.Limits{Promise: it.PromiseLimit, Legal: it.LegalLimit}, accept, st.events)
	if err != nil {
		return st
	}
	finish := promise.Date
	switch k := r.Intn(10); {
	case k < 6:
		finish = cal.AddWorkdays(finish, -1-r.Intn(max(it.PromiseLimit.Days/2, 1)))
	case k == 9:
		finish = cal.AddWorkdays(finish, 1+r.Intn(5))
	}
	if finish.Before(end) {
		finish = end
	}
	if finish.After(today) {
		return st
	}
	decided := at(finish, 9*time.Hour, 7*time.Hour)
	if decided.Before(earliest) {
		decided = earliest.Add(time.Duration(r.Intn(120)) * time.Minute)
	}
	add(hall.ActDecide, decided)
	if r.Intn(10) < 6 {
		if handed := cal.AddWorkdays(finish, r.Intn(3)); !handed.After(today) {
			add(hall.ActDeliver, decided.AddDate(0, 0, handed.Sub(finish)).Add(30*time.Minute))
		}
	}
	return st
}

// seedResult is how a decided seed case ended: mostly approved.
func seedResult(r *rand.Rand, it hall.ItemSummary) hall.Result {
	switch {
	case r.Intn(25) == 0:
		return hall.ResultDenied
	case it.Type == hall.TypePublicService:
		return hall.ResultIssued
	}
	return hall.ResultApproved
}
