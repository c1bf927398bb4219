package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"sync"
	"time"
	"yichuang/catalog/search"

	gojson "github.com/goccy/go-json"
	"yichuang/hall"
)

// itemWriter writes catalog entries inside one import transaction, many
// rows to a statement: an import of 100,000 entries writes 300,000 rows,
// and each statement costs about as much again as the rows it writes.
// Rows wait in the writer until a batch is full or flush is called; they
// are written items first, since the other tables refer to items. Nothing
// may read the tables the import writes before a flush.
type itemWriter struct {
	tx                 *Tx
	item, search, hist rowBatch
	withdraw           *sql.Stmt
}

// writeBatch is how many rows one statement writes: 64 rows of 15 columns
// stay far below SQLite's limit of 32,766 parameters.
const writeBatch = 64

// rowBatch is one table's rows waiting to be written.
type rowBatch struct {
	head, tail string // the INSERT before its VALUES, and what follows them
	cols, rows int
	args       []any
	full       *sql.Stmt // for writeBatch rows
}

func (b *rowBatch) sql(rows int) string {
	one := "(?" + strings.Repeat(", ?", b.cols-1) + ")"
	return b.head + " VALUES " + one + strings.Repeat(", "+one, rows-1) + " " + b.tail
}

func (b *rowBatch) add(args ...any) {
	b.args = append(b.args, args...)
	b.rows++
}

// exec writes the rows waiting.
func (b *rowBatch) exec(ctx context.Context, tx *Tx) error {
	if b.rows == 0 {
		return nil
	}
	var err error
	if b.rows == writeBatch {
		_, err = b.full.ExecContext(ctx, b.args...)
	} else {
		_, err = tx.ExecContext(ctx, b.sql(b.rows), b.args...)
	}
	clear(b.args) // the documents are not kept until the next batch
	b.args, b.rows = b.args[:0], 0
	return err
}

func newItemWriter(ctx context.Context, tx *Tx) (*itemWriter, error) {
	w := &itemWriter{tx: tx,
		item: rowBatch{head: `INSERT INTO items (code, task_code, handle_code, name, type, department, status,
			promise_days, promise_unit, legal_days, legal_unit, version, updated_at, doc)`, cols: 14,
			tail: `ON CONFLICT (code) DO UPDATE SET task_code = excluded.task_code,
			handle_code = excluded.handle_code, name = excluded.name,
			type = excluded.type, department = excluded.department, status = excluded.status,
			promise_days = excluded.promise_days, promise_unit = excluded.promise_unit,
			legal_days = excluded.legal_days, legal_unit = excluded.legal_unit,
			version = excluded.version, updated_at = excluded.updated_at, doc = excluded.doc`},
		search: rowBatch{head: `INSERT OR REPLACE INTO item_search (code, name, department, type, status,
			promise_days, promise_unit, basic_code, task_code, codes, other, pinyin, hash, keywords, members)`, cols: 15},
		hist: rowBatch{head: `INSERT INTO item_history (item_code, version, at, kind, source, fields, old_doc)`, cols: 7},
	}
	for _, b := range []*rowBatch{&w.item, &w.search, &w.hist} {
		st, err := tx.PrepareContext(ctx, b.sql(writeBatch))
		if err != nil {
			w.close()
			return nil, err
		}
		b.full = st
	}
	st, err := tx.PrepareContext(ctx, "UPDATE items SET status = ?, version = ?, updated_at = ?, doc = ? WHERE code = ?")
	if err != nil {
		w.close()
		return nil, err
	}
	w.withdraw = st
	return w, nil
}

func (w *itemWriter) close() {
	for _, st := range []*sql.Stmt{w.item.full, w.search.full, w.hist.full, w.withdraw} {
		if st != nil {
			st.Close()
		}
	}
}

// flush writes every row waiting, items first.
func (w *itemWriter) flush(ctx context.Context) error {
	for _, b := range []*rowBatch{&w.item, &w.search, &w.hist} {
		if err := b.exec(ctx, w.tx); err != nil {
			return err
		}
	}
	return nil
}

// flushFull flushes once a table has a full batch waiting.
func (w *itemWriter) flushFull(ctx context.Context) error {
	if max(w.item.rows, w.search.rows, w.hist.rows) < writeBatch {
		return nil
	}
	return w.flush(ctx)
}

// write stores one entry (its materials are in its document), its search
// keys and the line of history that says what happened to it.
func (w *itemWriter) write(ctx context.Context, it *hall.Item, p prepared, ch hall.ItemChange, oldDoc []byte) error {
	w.item.add(it.Code, it.TaskCode, it.HandleCode, it.Name, string(it.Type), it.Department,
		string(it.Status), it.PromiseLimit.Days, string(it.PromiseLimit.Unit), it.LegalLimit.Days,
		string(it.LegalLimit.Unit), it.Version, stamp(it.UpdatedAt), p.doc)
	w.keys(it, p)
	w.change(ch, oldDoc)
	return w.flushFull(ctx)
}

// history stores a line of an entry's history.
func (w *itemWriter) history(ctx context.Context, ch hall.ItemChange, oldDoc []byte) error {
	w.change(ch, oldDoc)
	return w.flushFull(ctx)
}

func (w *itemWriter) change(ch hall.ItemChange, oldDoc []byte) {
	w.hist.add(ch.Code, ch.Version, stamp(ch.At), string(ch.Kind), ch.Source,
		strings.Join(ch.Fields, "、"), string(oldDoc))
}

// oldItem reads an entry's stored document with its version and time.
func oldItem(ctx context.Context, tx *Tx, code string) (*hall.Item, []byte, error) {
	var doc []byte
	var at string
	var version int
	err := tx.QueryRowContext(ctx, "SELECT doc, version, updated_at FROM items WHERE code = ?", code).
		Scan(&doc, &version, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, hall.Errorf(hall.ENotFound, "事项目录中没有编码为“%s”的事项", code)
	}
	if err != nil {
		return nil, nil, err
	}
	it, err := decodeItem(doc, version, at)
	return it, doc, err
}

func decodeItem(doc []byte, version int, at string) (*hall.Item, error) {
	var it hall.Item
	if err := json.Unmarshal(doc, &it); err != nil {
		return nil, err
	}
	it.Version, it.UpdatedAt = version, parseStamp(at)
	if it.Status == "" {
		it.Status = hall.ItemActive
	}
	return &it, nil
}

// writeKeys stores an entry's row of item_search.
func (w *itemWriter) writeKeys(ctx context.Context, it *hall.Item, p prepared) error {
	w.keys(it, p)
	return w.flushFull(ctx)
}

func (w *itemWriter) keys(it *hall.Item, p prepared) {
	w.search.add(it.Code, it.Name, it.Department, string(it.Type), string(it.Status),
		it.PromiseLimit.Days, string(it.PromiseLimit.Unit), it.Basic(), it.TaskCode, p.keys.Codes, p.keys.Other,
		p.keys.Pinyin, p.hash, p.keys.Keywords, len(it.Members))
}

// prepared is what an entry's rows need: JSON, hash and pinyin are most of
// an import's CPU, so they are computed on every core, a chunk ahead of the
// one writer (preparer).
type prepared struct {
	doc  string // the entry's JSON as stored
	hash string
	keys search.Keys
}

// prepareAll prepares every entry of items on every core.
func prepareAll(items []hall.Item) []prepared {
	out := make([]prepared, len(items))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(items); i += workers {
				out[i] = prepare(&items[i])
			}
		}()
	}
	wg.Wait()
	return out
}

func prepare(it *hall.Item) prepared {
	if it.Status == "" {
		it.Status = hall.ItemActive
	}
	raw, hash := content(it)
	return prepared{doc: string(raw), hash: hash, keys: search.KeysOf(it)}
}

// content is an entry's JSON without its version and update time, which
// live in their own columns and are not content; hash identifies it, so an
// unchanged entry is found without a diff.
func content(it *hall.Item) (raw []byte, hash string) {
	c := *it
	c.Version, c.UpdatedAt = 0, time.Time{}
	raw, _ = gojson.Marshal(&c) // an Item always marshals
	sum := sha256.Sum256(raw)
	return raw, hex.EncodeToString(sum[:12])
}
