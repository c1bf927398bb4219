-- The reference platform's store. One file; every statement is idempotent
-- so that opening an existing store changes nothing.

-- Desks enrolled with the platform. The secret signs every request; it is
-- empty until the desk registers with its one-time enrolment code, of which
-- only the SM3 digest is kept. The secret is sealed under the platform key
-- ("#sm4:" + hex), so the database alone cannot sign as a desk.
CREATE TABLE IF NOT EXISTS desks (
    id            TEXT PRIMARY KEY,
    hall_code     TEXT NOT NULL,
    hall_name     TEXT NOT NULL DEFAULT '',
    desk_code     TEXT NOT NULL,
    secret        TEXT NOT NULL DEFAULT '',
    enrol_hash    TEXT NOT NULL DEFAULT '',
    enrol_expires TEXT NOT NULL DEFAULT '',
    hostname      TEXT NOT NULL DEFAULT '',
    registered_at TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    UNIQUE (hall_code, desk_code)
);

-- Every operation applied, by its id: the record that makes a resend a
-- duplicate instead of a second application. Written in the same
-- transaction as what the operation changed.
CREATE TABLE IF NOT EXISTS ops (
    op_id      TEXT PRIMARY KEY,
    desk_id    TEXT NOT NULL,
    case_id    TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    applied_at TEXT NOT NULL
);

-- Cases as the platform holds them: the desk's latest snapshot, moved on by
-- back-office events. Personal fields of doc (and of event and audit docs),
-- the applicant's name included, are sealed under the platform key;
-- name_hash is the keyed look-up hash of the applicant's name (HMAC-SM3,
-- indexed as cases_name by the store's migration), for an operator's
-- search by exact name.
CREATE TABLE IF NOT EXISTS cases (
    id         TEXT PRIMARY KEY,
    no         TEXT NOT NULL UNIQUE,
    desk_id    TEXT NOT NULL REFERENCES desks (id),
    hall_code  TEXT NOT NULL,
    state      TEXT NOT NULL,
    doc        TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    bundle_id  TEXT NOT NULL DEFAULT '', -- 一件事: the cases of one intake share it
    name_hash  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS case_events (
    id      TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    seq     INTEGER NOT NULL,
    origin  TEXT NOT NULL CHECK (origin IN ('desk', 'platform')),
    at      TEXT NOT NULL,
    doc     TEXT NOT NULL,
    UNIQUE (case_id, seq)
);

-- The files each case refers to, from its latest snapshot.
CREATE TABLE IF NOT EXISTS case_files (
    case_id TEXT NOT NULL REFERENCES cases (id),
    sha256  TEXT NOT NULL,
    name    TEXT NOT NULL,
    PRIMARY KEY (case_id, sha256)
);

-- Files that arrived whole and matched their SHA-256, kept sealed at path
-- under a key of their own (file_key), itself sealed under the platform key.
CREATE TABLE IF NOT EXISTS files (
    sha256      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    path        TEXT NOT NULL,
    file_key    TEXT NOT NULL DEFAULT '',
    verified_at TEXT NOT NULL
);

-- tus uploads started; finished_at stays empty while the file is partial.
CREATE TABLE IF NOT EXISTS uploads (
    id          TEXT PRIMARY KEY,
    desk_id     TEXT NOT NULL,
    case_id     TEXT NOT NULL DEFAULT '',
    size        INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL DEFAULT ''
);

-- What desks pull, in one monotonic sequence. A row is written with a
-- negative seq and numbered from the counter seq:changes before its
-- transaction commits (sequence.go); SQLite has one writer at a time, so a
-- reader never sees seq n+1 before seq n has committed: a desk that saw up
-- to n can never miss a change at or below it.
CREATE TABLE IF NOT EXISTS changes (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    stream    TEXT NOT NULL,
    key       TEXT NOT NULL,
    hall_code TEXT NOT NULL DEFAULT '', -- '' = every hall
    desk_id   TEXT NOT NULL DEFAULT '', -- '' = every desk
    doc       TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_key ON changes (stream, key);

-- The numbering counters (seq:changes, seq:supervision), below.
CREATE TABLE IF NOT EXISTS counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

-- The platform's tallies (operations applied, duplicate, refused), one row
-- per name and shard (a desk's id), summed when read, as on PostgreSQL
-- where pushes of different desks must not wait for one row. A store that
-- kept them in counters has them moved here, as shard ''.
CREATE TABLE IF NOT EXISTS tallies (
    name  TEXT NOT NULL,
    shard TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (name, shard)
);
INSERT OR IGNORE INTO tallies (name, shard, value) SELECT name, '', value FROM counters WHERE name NOT LIKE 'seq:%';
DELETE FROM counters WHERE name NOT LIKE 'seq:%';

-- Each desk's audit log as it arrives, its hash chain checked.
CREATE TABLE IF NOT EXISTS audit_records (
    desk_id     TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    id          TEXT NOT NULL,
    hash        TEXT NOT NULL,
    doc         TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (desk_id, seq)
);

-- Facts about the store itself: the fingerprint of the key it is sealed
-- under (key_id).
CREATE TABLE IF NOT EXISTS meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every view of a case, by desk, operator or admin command, and what it
-- was answered (shown, not_found, not_yours).
CREATE TABLE IF NOT EXISTS case_views (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    viewer  TEXT NOT NULL, -- desk:<id>, admin-token, cli
    case_no TEXT NOT NULL,
    outcome TEXT NOT NULL
);

-- Nonces of signed requests inside the replay window, so that a captured
-- request is refused after a restart too.
CREATE TABLE IF NOT EXISTS nonces (
    key     TEXT PRIMARY KEY,
    seen_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nonces_seen ON nonces (seen_at);

-- Disaster recovery (docs/adr/0016). A desk's own cases, listed when it
-- recovers, page by rowid within the desk.
CREATE INDEX IF NOT EXISTS cases_desk ON cases (desk_id);

-- Each desk's restore generation: the
-- platform hands out a new one when a desk is replaced or restored, and
-- remembers which restore claimed it, so one backup restored twice never
-- numbers with the same generation after its first sync.
CREATE TABLE IF NOT EXISTS desk_generations (
    desk_id     TEXT PRIMARY KEY REFERENCES desks (id),
    generation  INTEGER NOT NULL,
    claim       TEXT NOT NULL DEFAULT '', -- the restore (or registration) that holds it
    replaced_at TEXT NOT NULL DEFAULT ''
);

-- Audit records of a desk's old chain that a restored desk's chain
-- replaced from a restore record on: kept for operators, never deleted.
CREATE TABLE IF NOT EXISTS audit_superseded (
    desk_id       TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    id            TEXT NOT NULL,
    hash          TEXT NOT NULL,
    doc           TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    superseded_at TEXT NOT NULL,
    by_restore    TEXT NOT NULL -- the id of the restore record that continues the chain
);

-- The platform's own epoch: a new one each time the platform is restored
-- from a backup, with what the backup held, so desks re-send what it lost.
CREATE TABLE IF NOT EXISTS platform_epoch (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    epoch           TEXT NOT NULL,
    backup_at       TEXT NOT NULL DEFAULT '',
    changes_through INTEGER NOT NULL DEFAULT 0,
    restored_at     TEXT NOT NULL DEFAULT ''
);
INSERT OR IGNORE INTO platform_epoch (id, epoch) VALUES (1, lower(hex(randomblob(16))));

-- The hall tree (docs/adr/0020): every hall with its level and parent.
-- Who may watch what follows the parent links, never a prefix of codes. A
-- hall first met as a desk's hall is added without level or parent;
-- `yichuang-platform hall add` places it.
CREATE TABLE IF NOT EXISTS halls (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL DEFAULT '',
    level  TEXT NOT NULL DEFAULT '', -- 省 市 县 乡镇 村, '' until placed
    parent TEXT NOT NULL DEFAULT ''  -- '' = a root
);
CREATE INDEX IF NOT EXISTS halls_parent ON halls (parent);
INSERT OR IGNORE INTO halls (code, name) SELECT hall_code, max(hall_name) FROM desks GROUP BY hall_code;

-- Supervision scopes the platform grants: the account may watch the
-- subtree of hall_code, from a desk of its own hall at or above it.
CREATE TABLE IF NOT EXISTS supervisors (
    user_id    TEXT PRIMARY KEY,
    hall_code  TEXT NOT NULL REFERENCES halls (code),
    granted_at TEXT NOT NULL
);

-- The supervision feed: one row per case, without personal data, rebuilt
-- in the transaction of every change of its case; seq orders the feed.
CREATE TABLE IF NOT EXISTS supervision (
    case_id   TEXT PRIMARY KEY,
    hall_code TEXT NOT NULL,
    item_code TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    doc       TEXT NOT NULL
);
-- The feed is read in seq order, the hall checked from the index itself: a
-- page reads its rows and stops, where an index by hall would make SQLite
-- read every row of the scope after the cursor and sort them, for every page.
CREATE UNIQUE INDEX IF NOT EXISTS supervision_seq ON supervision (seq, hall_code);

-- 督办: a supervisor's demand on a case and the handling desk's reply.
CREATE TABLE IF NOT EXISTS urges (
    id        TEXT PRIMARY KEY,
    case_id   TEXT NOT NULL REFERENCES cases (id),
    from_desk TEXT NOT NULL,
    doc       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS urges_case ON urges (case_id);

-- The items the feed names, with the limits of the platform's catalog (the
-- case's own name when the catalog lacks the item).
CREATE TABLE IF NOT EXISTS supervision_items (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    promise_days INTEGER NOT NULL DEFAULT 0,
    promise_unit TEXT NOT NULL DEFAULT '',
    legal_days   INTEGER NOT NULL DEFAULT 0,
    legal_unit   TEXT NOT NULL DEFAULT ''
);

-- The counters the change log and the supervision feed are numbered from
-- as a transaction's last step (sequence.go). A store made before them
-- starts from the numbers it gave: the change log's AUTOINCREMENT mark
-- (never reused, even after the newest row was replaced) or its highest
-- (rows numbered from a counter leave no mark), the feed's highest.
INSERT OR IGNORE INTO counters (name, value)
    SELECT 'seq:changes', max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0),
        coalesce((SELECT max(seq) FROM changes), 0));
INSERT OR IGNORE INTO counters (name, value)
    SELECT 'seq:supervision', coalesce((SELECT max(seq) FROM supervision), 0);
