-- The reference platform's store on PostgreSQL (docs/adr/0024): the same
-- tables as schema.sql, in PostgreSQL's types. Every statement is
-- idempotent; the advisory lock makes instances started together create
-- the tables once. Text that is ordered (codes, numbers, ids) is compared
-- byte by byte (COLLATE "C"), as SQLite does, whatever the database's
-- locale.
BEGIN;
SELECT pg_advisory_xact_lock(7262201);

CREATE TABLE IF NOT EXISTS desks (
    id            TEXT PRIMARY KEY,
    hall_code     TEXT COLLATE "C" NOT NULL,
    hall_name     TEXT NOT NULL DEFAULT '',
    desk_code     TEXT COLLATE "C" NOT NULL,
    secret        TEXT NOT NULL DEFAULT '',
    enrol_hash    TEXT NOT NULL DEFAULT '',
    enrol_expires TEXT NOT NULL DEFAULT '',
    hostname      TEXT NOT NULL DEFAULT '',
    registered_at TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    UNIQUE (hall_code, desk_code)
);
CREATE INDEX IF NOT EXISTS desks_enrol ON desks (enrol_hash) WHERE enrol_hash != '';

CREATE TABLE IF NOT EXISTS ops (
    op_id      TEXT PRIMARY KEY,
    desk_id    TEXT NOT NULL,
    case_id    TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    applied_at TEXT NOT NULL
);

-- rowid: the order cases arrived in, which a recovering desk pages by
-- (SQLite's own rowid).
CREATE TABLE IF NOT EXISTS cases (
    id         TEXT PRIMARY KEY,
    rowid      BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    no         TEXT COLLATE "C" NOT NULL UNIQUE,
    desk_id    TEXT NOT NULL REFERENCES desks (id),
    hall_code  TEXT NOT NULL,
    state      TEXT NOT NULL,
    doc        TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    bundle_id  TEXT NOT NULL DEFAULT '',
    -- the keyed look-up hash of the applicant's name (HMAC-SM3), for an
    -- operator's search by exact name; the name itself is sealed in doc
    name_hash  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS cases_name ON cases (name_hash);
CREATE INDEX IF NOT EXISTS cases_desk ON cases (desk_id, rowid);
CREATE INDEX IF NOT EXISTS cases_bundle ON cases (bundle_id) WHERE bundle_id != '';
-- A case is written again, whole, at each later step of its life (about
-- three times): room left on each page keeps the new version on the old
-- one's page (a HOT update), so the case's six indexes are not written
-- again. Pages written before this setting keep their old fill.
ALTER TABLE cases SET (fillfactor = 75);

CREATE TABLE IF NOT EXISTS case_events (
    id      TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    seq     BIGINT NOT NULL,
    origin  TEXT NOT NULL CHECK (origin IN ('desk', 'platform')),
    at      TEXT NOT NULL,
    doc     TEXT NOT NULL,
    UNIQUE (case_id, seq)
);

CREATE TABLE IF NOT EXISTS case_files (
    case_id TEXT NOT NULL REFERENCES cases (id),
    sha256  TEXT COLLATE "C" NOT NULL,
    name    TEXT NOT NULL,
    PRIMARY KEY (case_id, sha256)
);
CREATE INDEX IF NOT EXISTS case_files_sha ON case_files (sha256);

CREATE TABLE IF NOT EXISTS files (
    sha256      TEXT COLLATE "C" PRIMARY KEY,
    size        BIGINT NOT NULL,
    path        TEXT NOT NULL,
    file_key    TEXT NOT NULL DEFAULT '',
    verified_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS uploads (
    id          TEXT PRIMARY KEY,
    desk_id     TEXT NOT NULL,
    case_id     TEXT NOT NULL DEFAULT '',
    size        BIGINT NOT NULL,
    created_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS uploads_open ON uploads (desk_id) WHERE finished_at = '';

-- What desks pull, in one sequence. A writer inserts a row with a
-- negative seq (-nextval('log_pending')); the numberer, one at a time
-- across instances, gives committed rows their numbers from the counter
-- seq:changes (sequence.go), so numbers become visible in order however
-- many instances write.
CREATE SEQUENCE IF NOT EXISTS log_pending;
CREATE TABLE IF NOT EXISTS changes (
    seq       BIGINT PRIMARY KEY,
    stream    TEXT NOT NULL,
    key       TEXT NOT NULL,
    hall_code TEXT NOT NULL DEFAULT '',
    desk_id   TEXT NOT NULL DEFAULT '',
    doc       TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_key ON changes (stream, key);

-- The numbering counters (seq:changes, seq:supervision), moved by the
-- numberer only.
CREATE TABLE IF NOT EXISTS counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

-- The platform's tallies (operations applied, duplicate, refused), one row
-- per name and shard (a desk's id), summed when read: pushes of different
-- desks never wait for one row. A store that kept them in counters has
-- them moved here, as shard ''.
CREATE TABLE IF NOT EXISTS tallies (
    name  TEXT NOT NULL,
    shard TEXT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (name, shard)
);
INSERT INTO tallies (name, shard, value) SELECT name, '', value FROM counters WHERE name NOT LIKE 'seq:%'
    ON CONFLICT DO NOTHING;
DELETE FROM counters WHERE name NOT LIKE 'seq:%';

CREATE TABLE IF NOT EXISTS audit_records (
    desk_id     TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    rowid       BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    id          TEXT NOT NULL,
    hash        TEXT NOT NULL,
    doc         TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (desk_id, seq)
);

CREATE TABLE IF NOT EXISTS meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS case_views (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      TEXT NOT NULL,
    viewer  TEXT NOT NULL,
    case_no TEXT NOT NULL,
    outcome TEXT NOT NULL
);

-- Nonces of signed requests inside the replay window: the primary key
-- makes the replay check one atomic insert, whichever instance is asked.
CREATE TABLE IF NOT EXISTS nonces (
    key     TEXT PRIMARY KEY,
    seen_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX IF NOT EXISTS nonces_seen ON nonces (seen_at);

CREATE TABLE IF NOT EXISTS desk_generations (
    desk_id     TEXT PRIMARY KEY REFERENCES desks (id),
    generation  BIGINT NOT NULL,
    claim       TEXT NOT NULL DEFAULT '',
    replaced_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS audit_superseded (
    desk_id       TEXT NOT NULL,
    seq           BIGINT NOT NULL,
    id            TEXT NOT NULL,
    hash          TEXT NOT NULL,
    doc           TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    superseded_at TEXT NOT NULL,
    by_restore    TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS platform_epoch (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    epoch           TEXT NOT NULL,
    backup_at       TEXT NOT NULL DEFAULT '',
    changes_through BIGINT NOT NULL DEFAULT 0,
    restored_at     TEXT NOT NULL DEFAULT ''
);
INSERT INTO platform_epoch (id, epoch) VALUES (1, replace(CAST(gen_random_uuid() AS TEXT), '-', ''))
    ON CONFLICT DO NOTHING;

CREATE TABLE IF NOT EXISTS halls (
    code   TEXT COLLATE "C" PRIMARY KEY,
    name   TEXT NOT NULL DEFAULT '',
    level  TEXT NOT NULL DEFAULT '',
    parent TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS halls_parent ON halls (parent);

CREATE TABLE IF NOT EXISTS supervisors (
    user_id    TEXT PRIMARY KEY,
    hall_code  TEXT NOT NULL REFERENCES halls (code),
    granted_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS supervision (
    case_id   TEXT PRIMARY KEY,
    hall_code TEXT NOT NULL,
    item_code TEXT NOT NULL,
    seq       BIGINT NOT NULL,
    doc       TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS supervision_seq ON supervision (seq, hall_code);

CREATE TABLE IF NOT EXISTS urges (
    id        TEXT COLLATE "C" PRIMARY KEY,
    case_id   TEXT NOT NULL REFERENCES cases (id),
    from_desk TEXT NOT NULL,
    doc       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS urges_case ON urges (case_id);

CREATE TABLE IF NOT EXISTS supervision_items (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    promise_days INTEGER NOT NULL DEFAULT 0,
    promise_unit TEXT NOT NULL DEFAULT '',
    legal_days   INTEGER NOT NULL DEFAULT 0,
    legal_unit   TEXT NOT NULL DEFAULT ''
);

INSERT INTO counters (name, value) VALUES ('seq:changes', 0), ('seq:supervision', 0) ON CONFLICT DO NOTHING;
COMMIT;
