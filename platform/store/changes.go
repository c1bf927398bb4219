package store

import (
	"context"
	"database/sql"
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
// nothing is left), which also skips rows meant for other desks. The
// answer carries the platform's epoch.
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
	// One statement, so one snapshot on either database: the newest
	// change, the platform's epoch (docs/adr/0016: a restored platform
	// says so) and the page, without a transaction's two more round trips.
	rows, err := s.read.QueryContext(ctx, `SELECT n.newest, coalesce(e.epoch, ''), c.seq, c.stream, c.key, c.doc
		FROM (SELECT coalesce(max(seq), 0) AS newest FROM changes WHERE seq > 0) AS n
		LEFT JOIN platform_epoch AS e ON e.id = 1
		LEFT JOIN changes AS c ON c.seq <= n.newest AND (
		(c.stream = 'catalog' AND c.seq > ?1) OR (c.stream = 'calendar' AND c.seq > ?2) OR
		(c.stream = 'users' AND c.seq > ?3 AND c.hall_code = ?5) OR (c.stream = 'decisions' AND c.seq > ?4 AND c.desk_id = ?6) OR
		(c.stream = 'urges' AND c.seq > ?8 AND c.desk_id = ?6))
		ORDER BY c.seq LIMIT ?7`, cur[protocol.StreamCatalog], cur[protocol.StreamCalendar],
		cur[protocol.StreamUsers], cur[protocol.StreamDecisions], desk.HallCode, desk.ID, limit+1,
		cur[protocol.StreamUrges])
	if err != nil {
		return res, err
	}
	defer rows.Close()
	var newest int64
	for rows.Next() {
		var seq sql.NullInt64
		var stream, key, doc sql.NullString
		if err := rows.Scan(&newest, &res.Epoch, &seq, &stream, &key, &doc); err != nil {
			return res, err
		}
		if !seq.Valid {
			continue // no change after the cursors: the one row carries the newest and the epoch
		}
		res.Changes = append(res.Changes, protocol.Change{Seq: seq.Int64, Stream: stream.String, Key: key.String,
			Doc: json.RawMessage(doc.String)})
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
