-- The desk's settings: hall and desk codes, platform address, thresholds.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The service-item catalog. doc holds the whole item as JSON; the columns
-- beside it are what lists, filters and joins need.
CREATE TABLE items (
    code          TEXT PRIMARY KEY,
    task_code     TEXT NOT NULL UNIQUE,
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
CREATE INDEX items_department ON items (department, name);

CREATE TABLE item_materials (
    item_code  TEXT NOT NULL REFERENCES items (code),
    seq        INTEGER NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    necessity  TEXT NOT NULL,
    source     TEXT NOT NULL,
    originals  INTEGER NOT NULL,
    copies     INTEGER NOT NULL,
    PRIMARY KEY (item_code, seq)
);

-- Cases (办件). doc holds the whole case as JSON.
CREATE TABLE cases (
    id             TEXT PRIMARY KEY,
    no             TEXT NOT NULL UNIQUE,
    item_code      TEXT NOT NULL REFERENCES items (code),
    item_name      TEXT NOT NULL,
    department     TEXT NOT NULL,
    state          TEXT NOT NULL,
    result         TEXT NOT NULL DEFAULT '',
    clerk          TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    accepted_at    TEXT NOT NULL DEFAULT '',
    finished_at    TEXT NOT NULL DEFAULT '',
    promise_due    TEXT NOT NULL DEFAULT '',
    legal_due      TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    doc            TEXT NOT NULL
);
CREATE INDEX cases_state ON cases (state, received_at);
CREATE INDEX cases_department ON cases (department);

-- Everything that happened to a case, in order; appended, never rewritten.
CREATE TABLE case_events (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases (id),
    seq        INTEGER NOT NULL,
    action     TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    origin     TEXT NOT NULL CHECK (origin IN ('desk', 'platform')),
    doc        TEXT NOT NULL,
    UNIQUE (case_id, seq)
);

-- Operations waiting for the platform, in the order they were made. The op
-- id makes a push idempotent; a rejected op is parked, never deleted.
CREATE TABLE outbox (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id         TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    case_id       TEXT REFERENCES cases (id),
    body          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'parked', 'done')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    parked_code   TEXT NOT NULL DEFAULT '',
    parked_reason TEXT NOT NULL DEFAULT '',
    done_at       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_state ON outbox (state, seq);
CREATE INDEX outbox_case ON outbox (case_id);

-- Where each pull stream stands; advanced in the same transaction as the
-- changes it covers.
CREATE TABLE sync_cursors (
    stream     TEXT PRIMARY KEY,
    cursor     TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The desk's own case-number sequence, per day.
CREATE TABLE desk_sequences (
    day  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
