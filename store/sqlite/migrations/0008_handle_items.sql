-- foreign_keys: off
-- A province lists each 业务办理项 of an item as an entry of its own: the
-- entries share the 实施编码 and differ in the 业务办理项编码. 0001 made
-- task_code UNIQUE, which refused such lists; what is unique is the pair.
-- SQLite cannot drop a column constraint, so items is rebuilt the way its
-- documentation prescribes (create, copy, drop, rename) with foreign keys
-- off for this migration only; the migration checks them before it commits.
CREATE TABLE items_rebuilt (
    code          TEXT PRIMARY KEY,
    task_code     TEXT NOT NULL,
    handle_code   TEXT NOT NULL DEFAULT '',
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    department    TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT '在用' CHECK (status IN ('在用', '已取消')),
    promise_days  INTEGER NOT NULL,
    promise_unit  TEXT NOT NULL,
    legal_days    INTEGER NOT NULL,
    legal_unit    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    TEXT NOT NULL,
    doc           TEXT NOT NULL
);
INSERT INTO items_rebuilt (code, task_code, handle_code, name, type, department, status,
        promise_days, promise_unit, legal_days, legal_unit, version, updated_at, doc)
    SELECT code, task_code, coalesce(json_extract(doc, '$.handle_code'), ''), name, type, department, status,
        promise_days, promise_unit, legal_days, legal_unit, version, updated_at, doc
    FROM items;
DROP TABLE items;
ALTER TABLE items_rebuilt RENAME TO items;
CREATE INDEX items_department ON items (department, name);
CREATE UNIQUE INDEX items_task_handle ON items (task_code, handle_code);
