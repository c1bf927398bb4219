package store

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"yichuang/hall"
	"yichuang/sync/protocol"
)

// change is one row of the change log, written when its transaction
// commits (sequence.go).
type change struct {
	stream, key string
	hall, desk  string // '' = every hall, every desk
	doc         string
	at          string
	// replace deletes an older change of the same stream and key.
	replace bool
}

// publish appends changes in one transaction. An older change of the same
// stream and key is deleted: a desk behind it gets the newer one instead,
// a desk past it has it already. The log stays one row per catalog entry,
// calendar year and user, however often they change.
func (s *Store) publish(ctx context.Context, chs []change) error {
	return s.update(ctx, func(tx *txn, now time.Time) error {
		for _, c := range chs {
			c.at, c.replace = stamp(now), true
			tx.logChange(c)
		}
		return nil
	})
}

// docOf is v as a change's document.
func docOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // the platform's own types always marshal
	}
	return string(b)
}

// PublishItems publishes catalog entries to every desk.
func (s *Store) PublishItems(ctx context.Context, items []hall.Item) error {
	if probs := hall.CheckCatalog(items, 5); len(probs) > 0 {
		p := probs[0]
		return hall.Errorf(hall.EInvalid, "第 %d 项（%s）：%s", p.Index+1, items[p.Index].Code, p.Message)
	}
	chs := make([]change, 0, len(items))
	for _, it := range items {
		chs = append(chs, change{stream: protocol.StreamCatalog, key: it.Code, doc: docOf(it)})
	}
	return s.publish(ctx, chs)
}

// PublishCalendar publishes one year's holiday table (per-year shape).
func (s *Store) PublishCalendar(ctx context.Context, year int, table json.RawMessage) error {
	return s.publish(ctx, []change{{stream: protocol.StreamCalendar, key: strconv.Itoa(year),
		doc: docOf(protocol.CalendarDoc{Year: year, Table: table})}})
}

// PublishUser publishes a user account to the desks of its hall.
func (s *Store) PublishUser(ctx context.Context, u hall.PlatformUser) error {
	if u.ID == "" || u.Name == "" || !hallRE.MatchString(u.Hall) {
		return hall.Errorf(hall.EInvalid, "用户须有编号、姓名和6至12位数字的大厅编码")
	}
	return s.publish(ctx, []change{{stream: protocol.StreamUsers, key: u.ID, hall: u.Hall, doc: docOf(u)}})
}

// Pull returns the changes after the desk's cursors, in the platform's
// order, at most limit of them. Because they come in one global order,
// after a page ending at seq L every change at or below L has been given
// for every stream: each cursor moves to L (or to the newest change when
// nothing is left), which also skips rows meant for other desks.
func (s *Store) Pull(ctx context.Context, desk Desk, req protocol.PullRequest) (protocol.PullResponse, error) {
	limit := req.Limit
	if limit <= 0 || limit > 1000 {
		limit = 500
	}
	res := protocol.PullResponse{Changes: []protocol.Change{}, Cursors: map[string]string{}}
	cur := map[string]int64{}
	for _, st := range protocol.Streams() {
		n, err := strconv.ParseInt(orZero(req.Cursors[st]), 10, 64)
		if err != nil || n < 0 {
			return res, hall.Errorf(hall.EInvalid, "同步游标“%s”无效", req.Cursors[st])
		}
		cur[st] = n
	}
	tx, err := s.read.snapshot(ctx)
	if err != nil {
		return res, err
	}
	defer tx.Rollback()
	var newest int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM changes WHERE seq > 0").Scan(&newest); err != nil {
		return res, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT seq, stream, key, doc FROM changes WHERE seq <= ?1 AND (
		(stream = 'catalog' AND seq > ?2) OR (stream = 'calendar' AND seq > ?3) OR
		(stream = 'users' AND seq > ?4 AND hall_code = ?6) OR (stream = 'decisions' AND seq > ?5 AND desk_id = ?7) OR
		(stream = 'urges' AND seq > ?9 AND desk_id = ?7))
		ORDER BY seq LIMIT ?8`, newest, cur[protocol.StreamCatalog], cur[protocol.StreamCalendar],
		cur[protocol.StreamUsers], cur[protocol.StreamDecisions], desk.HallCode, desk.ID, limit+1,
		cur[protocol.StreamUrges])
	if err != nil {
		return res, err
	}
	defer rows.Close()
	for rows.Next() {
		var c protocol.Change
		var doc string
		if err := rows.Scan(&c.Seq, &c.Stream, &c.Key, &doc); err != nil {
			return res, err
		}
		c.Doc = json.RawMessage(doc)
		res.Changes = append(res.Changes, c)
	}
	if err := rows.Err(); err != nil {
		return res, err
	}
	upTo := newest
	if len(res.Changes) > limit {
		res.Changes, res.More = res.Changes[:limit], true
		upTo = res.Changes[limit-1].Seq
	}
	for st, n := range cur {
		res.Cursors[st] = strconv.FormatInt(max(n, upTo), 10)
	}
	return res, nil
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}
