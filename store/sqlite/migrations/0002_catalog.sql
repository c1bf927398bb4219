-- Catalog: search keys, history of every entry, and a revision that tells
-- the in-memory search index when to reload. Items themselves stay in
-- items (0001); an entry withdrawn from the list is marked 已取消 there,
-- never deleted, because cases refer to it.

-- What the in-memory search index loads (store/sqlite/search*.go), written
-- by every import: the list columns of items again, so that loading the
-- index never reads the entries' documents, and the search keys. hash is of
-- the entry's content, so a re-import of 100,000 entries finds the few that
-- changed without reading their documents.
CREATE TABLE item_search (
    code         TEXT PRIMARY KEY REFERENCES items (code),
    name         TEXT NOT NULL,
    department   TEXT NOT NULL,
    type         TEXT NOT NULL,
    status       TEXT NOT NULL,
    promise_days INTEGER NOT NULL,
    promise_unit TEXT NOT NULL,
    basic_code   TEXT NOT NULL,
    task_code    TEXT NOT NULL,
    codes        TEXT NOT NULL, -- every code of the entry, upper case, space-separated
    other        TEXT NOT NULL, -- result name
    pinyin       TEXT NOT NULL, -- readings of the name: syllables joined by ', readings by a space
    hash         TEXT NOT NULL
) WITHOUT ROWID;

-- Each change of each entry: what changed, when, from where. old_doc is the
-- entry as it was before the change ('' for an addition).
CREATE TABLE item_history (
    item_code TEXT NOT NULL REFERENCES items (code),
    version   INTEGER NOT NULL,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('新增', '更新', '取消', '恢复')),
    source    TEXT NOT NULL,
    fields    TEXT NOT NULL, -- Chinese names of the changed fields, joined by 、
    old_doc   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (item_code, version)
);

-- One row: bumped by every import that changes anything.
CREATE TABLE catalog_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    revision    INTEGER NOT NULL,
    imported_at TEXT NOT NULL
);
INSERT INTO catalog_state (id, revision, imported_at) VALUES (1, 0, '');
