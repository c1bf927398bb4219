-- Accounts, keys for personal data at rest, and the audit log
-- (docs/adr/0009-accounts-keys-audit.md). Independent of the other
-- features' migrations: new tables, and two new columns of cases.

-- The desk's accounts. verifier is an Argon2id verifier in PHC string form
-- ('' for a platform account an admin has not given a first password yet).
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
    source        TEXT NOT NULL DEFAULT 'desk' CHECK (source IN ('desk', 'platform')),
    disabled      INTEGER NOT NULL DEFAULT 0,
    must_change   INTEGER NOT NULL DEFAULT 0,
    verifier      TEXT NOT NULL DEFAULT '',
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT NOT NULL DEFAULT '',
    last_login    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- The desk's data key, wrapped (SM4-GCM) under each user's password-derived
-- key and the desk secret. Any user with a slot opens the personal data;
-- the file alone opens nothing.
CREATE TABLE key_slots (
    user_id    TEXT PRIMARY KEY REFERENCES users (id),
    key_id     TEXT NOT NULL,
    wrapped    TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- One row: the fingerprint of the desk secret file kept beside the
-- database (binding), and of the data key once the first admin made it.
CREATE TABLE desk_keys (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    binding    TEXT NOT NULL,
    key_id     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

-- The audit log: append-only, each record chained to the one before by an
-- SM3 hash and MACed under a key derived from the desk secret.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    at        TEXT NOT NULL,
    user_id   TEXT NOT NULL,
    user_name TEXT NOT NULL,
    role      TEXT NOT NULL,
    action    TEXT NOT NULL,
    object    TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL,
    mac       TEXT NOT NULL
);
CREATE INDEX audit_log_user ON audit_log (user_id, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- How far the platform has the audit log: the log is its own queue, so
-- audit records never crowd the case outbox.
CREATE TABLE audit_pushed (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    seq        INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

-- applicant_key: HMAC-SM3 of the applicant's ID number under a key derived
-- from the data key, for look-up by ID. purged_at: when retention removed
-- the case's personal data.
ALTER TABLE cases ADD COLUMN applicant_key TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN purged_at TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_applicant_key ON cases (applicant_key) WHERE applicant_key <> '';
