-- Sync with the provincial platform (docs/adr/0005-sync-exactly-once.md).
-- Independent of the other features' migrations: new tables and one new
-- column of the outbox.

-- An operation in a batch on its way to the platform. Cleared when the
-- answer is recorded and when the engine starts: after a crash nothing is
-- on its way, and resending is safe because the platform applies an op id
-- once.
ALTER TABLE outbox ADD COLUMN sending INTEGER NOT NULL DEFAULT 0;

-- Scans the platform expects. A row appears when the platform accepts a
-- case event that refers to the scan, so a file never travels before its
-- case. url is the platform's (tus) upload address once created: with it an
-- interrupted upload resumes at the offset the platform holds.
CREATE TABLE file_uploads (
    sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    case_id    TEXT NOT NULL,
    name       TEXT NOT NULL,
    url        TEXT NOT NULL DEFAULT '',
    state      TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'parked', 'done')),
    sending    INTEGER NOT NULL DEFAULT 0,
    attempts   INTEGER NOT NULL DEFAULT 0,
    reason     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    done_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX file_uploads_state ON file_uploads (state, created_at);
CREATE INDEX file_uploads_case ON file_uploads (case_id);

-- Pulled changes that could not be applied here (a decision on a case the
-- desk moved meanwhile, an unreadable table). Kept and shown, never dropped;
-- the cursor moves past them so that one bad change does not stop the pull.
CREATE TABLE sync_conflicts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    stream     TEXT NOT NULL,
    key        TEXT NOT NULL,
    case_id    TEXT NOT NULL DEFAULT '',
    doc        TEXT NOT NULL,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seen_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sync_conflicts_open ON sync_conflicts (seen_at, id);

-- User accounts as the platform publishes them (identity and role: clerk,
-- supervisor, admin). The accounts feature offers them to the desk's admin,
-- who gives each a first password; no password ever comes from the platform.
CREATE TABLE platform_users (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    hall       TEXT NOT NULL,
    role       TEXT NOT NULL,
    active     INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

-- The outcome of the last attempts, shown in the status bar after a restart.
CREATE TABLE sync_log (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
