package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"yichuang/hall"
)

// Drafts implements hall.DraftService and hall.IntakeService.
type Drafts struct{ db *DB }

// Drafts returns the draft and intake service of db.
func (db *DB) Drafts() *Drafts { return &Drafts{db: db} }

var (
	_ hall.DraftService  = (*Drafts)(nil)
	_ hall.IntakeService = (*Drafts)(nil)
)

// SaveDraft creates or replaces an open draft in one transaction. A draft
// already discarded or submitted is not brought back: saving it again is a
// conflict, so a late save can never resurrect a case's draft.
func (s *Drafts) SaveDraft(ctx context.Context, d *hall.Draft) error {
	if d.ID == "" || d.ItemCode == "" {
		return hall.Errorf(hall.EInvalid, "草稿缺少编号或事项编码")
	}
	me, all, err := draftReader(ctx)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if d.CreatedAt.IsZero() {
			d.CreatedAt = tx.Now
		}
		d.UpdatedAt = tx.Now
		if err := keepSchema(ctx, tx, d.ItemCode, d.SchemaVersion, d.Schema); err != nil {
			return err
		}
		doc, err := sealDoc(ctx, tx, d) // personal data sealed at rest (keys.go)
		if err != nil {
			return err
		}
		// A new draft is the saver's; a draft without an owner becomes
		// theirs; another user's draft is saved only by an admin and keeps
		// its owner.
		res, err := tx.ExecContext(ctx, `INSERT INTO drafts (id, item_code, item_name, title, created_at,
			updated_at, doc, owner) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
			ON CONFLICT (id) DO UPDATE SET item_code = excluded.item_code, item_name = excluded.item_name,
			title = excluded.title, updated_at = excluded.updated_at, doc = excluded.doc,
			owner = CASE WHEN drafts.owner = '' THEN excluded.owner ELSE drafts.owner END
			WHERE drafts.state = 'open' AND (drafts.owner IN ('', ?8) OR ?9 = 1)`,
			d.ID, d.ItemCode, d.ItemName, d.Title, stamp(d.CreatedAt), stamp(d.UpdatedAt), string(doc), me, all)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return hall.Errorf(hall.EConflict, "草稿已提交、已丢弃或属于其他用户，不能再保存")
		}
		return nil
	})
}

// keepSchema records the schema of an item's form at a version, once.
func keepSchema(ctx context.Context, tx *Tx, item string, version int, schema json.RawMessage) error {
	if len(schema) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO form_schemas (item_code, version, schema, created_at)
		VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, item, version, string(schema), stamp(tx.Now))
	return err
}

// Draft returns an open draft and the schema it is filled with (nil when
// none was kept).
func (s *Drafts) Draft(ctx context.Context, id string) (*hall.Draft, json.RawMessage, error) {
	me, all, err := draftReader(ctx)
	if err != nil {
		return nil, nil, err
	}
	var doc, state, owner string
	err = s.db.read.QueryRowContext(ctx, "SELECT doc, state, owner FROM drafts WHERE id = ?", id).Scan(&doc, &state, &owner)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (state != "open" || (owner != "" && owner != me && !all))) {
		return nil, nil, hall.Errorf(hall.ENotFound, "找不到草稿（可能已提交、已丢弃或属于其他用户）")
	}
	if err != nil {
		return nil, nil, s.db.classify(err)
	}
	if owner == "" && me != "" { // a draft from before owners: whoever opens it first owns it
		if err := s.db.Update(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE drafts SET owner = ? WHERE id = ? AND owner = ''", me, id)
			return err
		}); err != nil {
			return nil, nil, err
		}
	}
	var d hall.Draft
	plain, err := s.db.openJSON(ctx, []byte(doc)) // the clerk goes on typing: opened in full (keys.go)
	if err != nil {
		return nil, nil, err
	}
	if err := json.Unmarshal(plain, &d); err != nil {
		return nil, nil, fmt.Errorf("draft %s: %w", id, err)
	}
	schema, err := s.FormSchema(ctx, d.ItemCode, d.SchemaVersion)
	if err != nil && hall.ErrorCode(err) != hall.ENotFound {
		return nil, nil, err
	}
	return &d, schema, nil
}

// FormSchema returns a kept schema.
func (s *Drafts) FormSchema(ctx context.Context, item string, version int) (json.RawMessage, error) {
	var schema string
	err := s.db.read.QueryRowContext(ctx, "SELECT schema FROM form_schemas WHERE item_code = ? AND version = ?",
		item, version).Scan(&schema)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hall.Errorf(hall.ENotFound, "没有事项“%s”第%d版表单的记录", item, version)
	}
	if err != nil {
		return nil, s.db.classify(err)
	}
	return json.RawMessage(schema), nil
}

// ListDrafts lists open drafts, newest first.
func (s *Drafts) ListDrafts(ctx context.Context, query string, limit int) ([]hall.DraftSummary, error) {
	if limit <= 0 {
		limit = 200
	}
	me, all, err := draftReader(ctx)
	if err != nil {
		return nil, err
	}
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.TrimSpace(query)) + "%"
	rows, err := s.db.read.QueryContext(ctx, `SELECT id, item_code, item_name, title, updated_at, owner,
		COALESCE((SELECT display_name FROM users WHERE name = drafts.owner), owner) FROM drafts
		WHERE state = 'open' AND (title LIKE ?1 ESCAPE '\' OR item_name LIKE ?1 ESCAPE '\'
		OR item_code LIKE ?1 ESCAPE '\') AND (?3 = 1 OR owner IN ('', ?4))
		ORDER BY updated_at DESC LIMIT ?2`, like, limit, all, me)
	if err != nil {
		return nil, s.db.classify(err)
	}
	defer rows.Close()
	var out []hall.DraftSummary
	for rows.Next() {
		var d hall.DraftSummary
		var updated string
		if err := rows.Scan(&d.ID, &d.ItemCode, &d.ItemName, &d.Title, &updated, &d.Owner, &d.OwnerName); err != nil {
			return nil, err
		}
		d.UpdatedAt = parseStamp(updated)
		out = append(out, d)
	}
	return out, s.db.classify0(rows.Err())
}

// DiscardDraft marks an open draft discarded; the row stays.
func (s *Drafts) DiscardDraft(ctx context.Context, id string) error {
	me, all, err := draftReader(ctx)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE drafts SET state = 'discarded', updated_at = ?
			WHERE id = ? AND state = 'open' AND (? = 1 OR owner IN ('', ?))`, stamp(tx.Now), id, all, me)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return hall.Errorf(hall.ENotFound, "找不到草稿（可能已提交或已丢弃）")
		}
		return nil
	})
}

// draftReader is whose drafts the caller works with: a user's own (me is
// their login name; all for an admin), or every draft for the desk itself
// (me ""). A call that names nobody is refused.
func draftReader(ctx context.Context) (me string, all bool, err error) {
	u, ok := actor(ctx)
	switch {
	case !ok:
		return "", false, hall.Forbidden(nil, "使用草稿箱")
	case u == nil:
		return "", true, nil
	}
	return u.Name, u.Role == hall.RoleAdmin, nil
}
