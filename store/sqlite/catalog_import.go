package sqlite

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"

	"yichuang/hall"
)

// known is what an import needs to know of an entry already stored.
type known struct {
	code, task, hash string
	status           hall.ItemStatus
	version          int
	seen             bool
}

// ImportItems imports entries with no source name and never withdraws.
func (s *Catalog) ImportItems(ctx context.Context, items []hall.Item) (hall.ImportResult, error) {
	return s.ImportCatalog(ctx, items, hall.ImportOptions{Source: "导入"})
}

// ImportCatalog checks the whole batch, then applies it in one transaction:
// all of it or nothing. With someone logged in it needs their role's
// permission; the audit log records the import (or its failure) with its
// source and what it did.
func (s *Catalog) ImportCatalog(ctx context.Context, items []hall.Item, opt hall.ImportOptions) (res hall.ImportResult, err error) {
	entry := hall.AuditEntry{Action: hall.AuditCatalog, Object: opt.Source, Outcome: hall.AuditOK}
	if err := s.db.allow(ctx, hall.PermImportCatalog, "导入事项目录"); err != nil {
		entry.Outcome, entry.Detail = hall.AuditDenied, "无权限"
		s.db.Audit().Record(ctx, entry)
		return res, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		if res, err = importBatch(ctx, tx, items, opt); err != nil {
			return err
		}
		if err := checkBundlesKnown(ctx, tx, items); err != nil {
			return err
		}
		entry.Detail = fmt.Sprintf("共 %d 项：新增 %d，更新 %d，未变 %d，取消 %d", len(items),
			res.Added, res.Updated, res.Unchanged, res.Withdrawn)
		if opt.Full {
			entry.Detail += "（完整清单）"
		}
		return appendAudit(ctx, tx, entry)
	})
	if err != nil && ctx.Err() == nil {
		entry.Outcome, entry.Detail = hall.AuditFailed, fmt.Sprintf("共 %d 项，未导入：%s", len(items), hall.ErrorCode(err))
		s.db.Audit().Record(ctx, entry)
	}
	return res, err
}

// importBatch applies a batch of entries inside tx. It is the one code path
// for files (ImportCatalog, ImportStream) and for the catalog changes the
// platform sends (a pull applies them in its own transaction, with its
// cursor): it checks the batch, keeps each entry's history and moves the
// catalog's revision so the search index reloads.
func importBatch(ctx context.Context, tx *Tx, items []hall.Item, opt hall.ImportOptions) (res hall.ImportResult, err error) {
	imp, err := newImporter(ctx, tx, items, opt)
	if err != nil {
		return res, err
	}
	defer imp.w.close()
	batch := append([]hall.Item(nil), items...) // the caller's batch is left as it was
	if _, err := imp.run(func(each func([]hall.Item) error) (int, error) {
		for rest := batch; len(rest) > 0; {
			k := min(importChunk, len(rest))
			if err := each(rest[:k:k]); err != nil {
				return 0, err
			}
			rest = rest[k:]
		}
		return len(batch), nil
	}); err != nil {
		return imp.res, err
	}
	return imp.finish()
}

// importChunk is how many entries of a batch go to the writer at a time, as
// a file's chunks do (catalogio hands on 2,000).
const importChunk = 2000

// importer applies entries a chunk at a time inside one transaction: a
// file streams through it (ImportStream) and only the entries known to the
// catalog, not those of the file, are held.
type importer struct {
	ctx            context.Context
	tx             *Tx
	opt            hall.ImportOptions
	types          map[hall.ItemType]string
	byCode, byTask map[string]*known
	w              *itemWriter
	res            hall.ImportResult
	bundles        []hall.Item // the bundles met (code, name, members), checked once all is read
}

// newImporter loads what the catalog knows: of the batch's entries, or of
// all (a full list, a stream: batch nil).
func newImporter(ctx context.Context, tx *Tx, batch []hall.Item, opt hall.ImportOptions) (*importer, error) {
	imp := &importer{ctx: ctx, tx: tx, opt: opt}
	var err error
	if imp.types, err = typeNames(ctx, tx); err != nil {
		return nil, err
	}
	if imp.byCode, imp.byTask, err = loadKnown(ctx, tx, batch, opt.Full || batch == nil); err != nil {
		return nil, err
	}
	if imp.w, err = newItemWriter(ctx, tx); err != nil {
		return nil, err
	}
	return imp, nil
}

// run imports what read hands on, in order, inside the transaction: each
// chunk is named, checked and prepared on its way (preparer) while the
// writer, the caller's goroutine and the only one that uses the
// transaction, stores the chunk before it. read runs on a goroutine of its
// own; once the writer fails it is told to stop (each returns an error).
// The writer's error comes first: it is about an earlier chunk than any
// problem read may have found since.
func (imp *importer) run(read func(each func([]hall.Item) error) (int, error)) (int, error) {
	ready := make(chan *chunk) // one chunk waits, prepared, while the writer stores the one before
	stop := make(chan struct{})
	st := &preparer{types: maps.Clone(imp.types)}
	var n int
	var readErr error
	go func() {
		defer close(ready)
		n, readErr = read(func(batch []hall.Item) error {
			c, err := st.prepare(batch)
			if err != nil {
				return err
			}
			select {
			case ready <- c:
				return nil
			case <-stop:
				return errStopped
			}
		})
	}()
	var writeErr error
	for c := range ready {
		if writeErr == nil {
			if writeErr = imp.add(c); writeErr != nil {
				close(stop)
			}
		}
	}
	if writeErr != nil {
		return n, writeErr
	}
	return n, readErr
}

var errStopped = errors.New("import stopped by the writer")

// chunk is a chunk of entries ready for the writer: their types named,
// checked, and each entry's stored document, hash and search keys
// prepared.
type chunk struct {
	items []hall.Item
	preps []prepared
}

// preparer is the stage between the reader and the writer: the CPU an
// entry costs besides its rows (its JSON, hash and pinyin, more than half
// as much again as the rows) is spent here, on every core, while the
// writer stores the chunk before. It names types from its own
// copy of the table, learnt from the chunks by the rule the writer's
// learnTypes follows, so an entry is named as the writer would have.
type preparer struct {
	types map[hall.ItemType]string
	n     int // entries before the next chunk, for messages
}

// prepare names, checks and prepares a chunk (its entries are changed).
func (p *preparer) prepare(batch []hall.Item) (*chunk, error) {
	hall.NameTypes(batch, p.types) // a list may give a code the table knows alone
	if probs := hall.CheckCatalog(batch, 10); len(probs) > 0 {
		return nil, batchError(batch, probs, p.n)
	}
	for i := range batch {
		if t, name := batch[i].Type, batch[i].TypeName; !t.Known() && name != "" {
			p.types[t] = name
		}
	}
	p.n += len(batch)
	return &chunk{items: batch, preps: prepareAll(batch)}, nil
}

// add applies a prepared chunk. An entry that repeats one of an earlier
// chunk is refused by importOne.
func (imp *importer) add(c *chunk) error {
	if err := learnTypes(imp.ctx, imp.tx, c.items, imp.types); err != nil {
		return err
	}
	for i := range c.items {
		if b := &c.items[i]; b.IsBundle() {
			imp.bundles = append(imp.bundles, hall.Item{Code: b.Code, Name: b.Name, Members: b.Members})
		}
	}
	for i := range c.items {
		if err := importOne(imp.ctx, imp.tx, imp.w, &c.items[i], c.preps[i], imp.byCode, imp.byTask, imp.opt, &imp.res); err != nil {
			return fmt.Errorf("import %s: %w", c.items[i].Code, err)
		}
		c.preps[i] = prepared{} // its rows hold what they need
	}
	return imp.w.flush(imp.ctx) // what follows reads the tables
}

// finish withdraws what a full list left out and moves the revision.
func (imp *importer) finish() (hall.ImportResult, error) {
	if imp.opt.Full {
		if err := withdrawUnseen(imp.ctx, imp.tx, imp.w, imp.byCode, imp.opt, &imp.res); err != nil {
			return imp.res, err
		}
		if err := imp.w.flush(imp.ctx); err != nil {
			return imp.res, err
		}
	}
	if imp.res.Added+imp.res.Updated+imp.res.Withdrawn > 0 {
		if _, err := imp.tx.ExecContext(imp.ctx, "UPDATE catalog_state SET revision = revision + 1, imported_at = ? WHERE id = 1",
			stamp(imp.tx.Now)); err != nil {
			return imp.res, err
		}
	}
	return imp.res, nil
}

// ImportStream is ImportCatalog for a file read as it streams: read hands
// the file's chunks to each in order, and the whole file is applied in one
// transaction, all of it or nothing (a problem found half-way through the
// file rolls back what came before).
func (s *Catalog) ImportStream(ctx context.Context, read func(each func([]hall.Item) error) (int, error),
	opt hall.ImportOptions) (res hall.ImportResult, err error) {
	entry := hall.AuditEntry{Action: hall.AuditCatalog, Object: opt.Source, Outcome: hall.AuditOK}
	if err := s.db.allow(ctx, hall.PermImportCatalog, "导入事项目录"); err != nil {
		entry.Outcome, entry.Detail = hall.AuditDenied, "无权限"
		s.db.Audit().Record(ctx, entry)
		return res, err
	}
	n := 0
	err = s.db.Update(ctx, func(tx *Tx) error {
		imp, err := newImporter(ctx, tx, nil, opt)
		if err != nil {
			return err
		}
		defer imp.w.close()
		if n, err = imp.run(read); err != nil {
			return err
		}
		if err := checkBundlesKnown(ctx, tx, imp.bundles); err != nil { // a member may come later in the file
			return err
		}
		if res, err = imp.finish(); err != nil {
			return err
		}
		entry.Detail = fmt.Sprintf("共 %d 项：新增 %d，更新 %d，未变 %d，取消 %d", n,
			res.Added, res.Updated, res.Unchanged, res.Withdrawn)
		if opt.Full {
			entry.Detail += "（完整清单）"
		}
		return appendAudit(ctx, tx, entry)
	})
	if err != nil && ctx.Err() == nil {
		entry.Outcome, entry.Detail = hall.AuditFailed, "未导入："+hall.ErrorCode(err)
		s.db.Audit().Record(ctx, entry)
	}
	return res, err
}

// importOne matches an entry by its code, else by its 实施编码 and
// 业务办理项编码 (a file keyed differently names the same entry by the same
// pair: its stored key is kept, since cases refer to it), and adds, updates
// or leaves it.
func importOne(ctx context.Context, tx *Tx, w *itemWriter, it *hall.Item, p prepared,
	byCode map[string]*known, byTask map[string]*known, opt hall.ImportOptions, res *hall.ImportResult) error {
	tk := taskKey(it.TaskCode, it.HandleCode)
	k := byCode[it.Code]
	if k == nil {
		if k = byTask[tk]; k != nil {
			it.Code = k.code
			p = prepare(it) // the key is part of the document
		}
	}
	if other := byTask[tk]; other != nil && other != k {
		return hall.Errorf(hall.EConflict, "事项“%s”（编码 %s）的%s已属于目录中的事项 %s，未导入任何事项",
			it.Name, it.Code, describeTask(it), other.code)
	}
	if k != nil && k.seen {
		return hall.Errorf(hall.EInvalid, "事项“%s”与本批中另一项是同一事项（编码 %s），未导入任何事项", it.Name, k.code)
	}
	ch := hall.ItemChange{Code: it.Code, At: tx.Now.UTC(), Source: opt.Source, Kind: hall.ChangeAdded}
	var oldDoc []byte
	if k == nil {
		it.Version = max(it.Version, 1)
		ch.Fields = []string{"全部"}
		res.Added++
	} else {
		k.seen = true
		if k.hash == p.hash {
			res.Unchanged++
			return nil
		}
		old, doc, err := oldItem(ctx, tx, k.code)
		if err != nil {
			return err
		}
		oldDoc = doc
		ch.Fields = hall.DiffItems(old, it)
		if len(ch.Fields) == 0 { // stored before search keys existed: only the keys are new
			it.Version, it.UpdatedAt = old.Version, old.UpdatedAt
			res.Unchanged++
			return w.writeKeys(ctx, it, p)
		}
		ch.Kind = hall.ChangeUpdated
		if k.status == hall.ItemWithdrawn && it.Status == hall.ItemActive {
			ch.Kind = hall.ChangeRestored
		} else if it.Status == hall.ItemWithdrawn && k.status != hall.ItemWithdrawn {
			ch.Kind = hall.ChangeWithdrawn
		}
		it.Version = k.version + 1
		res.Updated++
	}
	it.UpdatedAt = tx.Now.UTC()
	ch.Version = it.Version
	if k == nil {
		// A copy: the entry's code may share the memory of its whole row
		// or document (a CSV record is one string), which the import would
		// then keep for every entry until it ends.
		code := strings.Clone(it.Code)
		k = &known{code: code, task: tk, seen: true}
		byCode[code] = k
	}
	delete(byTask, k.task)
	k.task, k.hash, k.status, k.version = tk, p.hash, it.Status, it.Version
	byTask[tk] = k
	return w.write(ctx, it, p, ch, oldDoc)
}

// withdrawUnseen marks 已取消 every entry in use that a full list left out.
func withdrawUnseen(ctx context.Context, tx *Tx, w *itemWriter, byCode map[string]*known, opt hall.ImportOptions, res *hall.ImportResult) error {
	for code, k := range byCode {
		if k.seen || k.status == hall.ItemWithdrawn {
			continue
		}
		it, oldDoc, err := oldItem(ctx, tx, code)
		if err != nil {
			return err
		}
		it.Status, it.Version, it.UpdatedAt = hall.ItemWithdrawn, it.Version+1, tx.Now.UTC()
		p := prepare(it)
		if _, err := w.withdraw.ExecContext(ctx, string(it.Status), it.Version, stamp(it.UpdatedAt), p.doc, code); err != nil {
			return err
		}
		if err := w.writeKeys(ctx, it, p); err != nil {
			return err
		}
		ch := hall.ItemChange{Code: code, Version: it.Version, At: it.UpdatedAt, Kind: hall.ChangeWithdrawn,
			Source: opt.Source, Fields: []string{hall.FieldName("status")}}
		if err := w.history(ctx, ch, oldDoc); err != nil {
			return err
		}
		res.Withdrawn++
	}
	return nil
}

// loadKnown reads what the batch may match: every stored entry for a big
// batch or a full list, else only the entries the batch names by code or
// 实施编码 (a pull of a few changes must not read 100,000 rows).
func loadKnown(ctx context.Context, tx *Tx, items []hall.Item, all bool) (byCode, byTask map[string]*known, err error) {
	byCode, byTask = map[string]*known{}, map[string]*known{}
	const q = `SELECT i.code, i.task_code, i.handle_code, i.status, i.version, coalesce(s.hash, '')
		FROM items i LEFT JOIN item_search s ON s.code = i.code`
	read := func(where string, args ...any) error {
		rows, err := tx.QueryContext(ctx, q+where, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			k := &known{}
			var task, handle string
			if err := rows.Scan(&k.code, &task, &handle, &k.status, &k.version, &k.hash); err != nil {
				return err
			}
			k.task = taskKey(task, handle)
			byCode[k.code], byTask[k.task] = k, k
		}
		return rows.Err()
	}
	if all || len(items) > 500 {
		return byCode, byTask, read("")
	}
	for i := range items {
		if err := read(" WHERE i.code = ? OR (i.task_code = ? AND i.handle_code = ?)",
			items[i].Code, items[i].TaskCode, items[i].HandleCode); err != nil {
			return nil, nil, err
		}
	}
	return byCode, byTask, nil
}

// taskKey is what names an entry besides its code: the 实施编码 with the
// 业务办理项编码, since a province lists each 办理项 of an item as an entry
// of its own under one 实施编码.
func taskKey(task, handle string) string { return task + "\x00" + handle }

// describeTask names an entry's taskKey for a clerk.
func describeTask(it *hall.Item) string {
	if it.HandleCode == "" {
		return "实施编码 " + it.TaskCode
	}
	return "实施编码 " + it.TaskCode + "、业务办理项编码 " + it.HandleCode
}

// batchError names the first problems of a refused batch, each with the
// entry's position and code.
func batchError(items []hall.Item, probs []hall.ItemProblem, before int) error {
	var b strings.Builder
	for i, p := range probs {
		if i > 0 {
			b.WriteString("；")
		}
		fmt.Fprintf(&b, "第 %d 项（%s）：%s", before+p.Index+1, items[p.Index].Code, p.Message)
	}
	return hall.Errorf(hall.EInvalid, "事项目录有误，未导入任何事项。%s", b.String())
}
