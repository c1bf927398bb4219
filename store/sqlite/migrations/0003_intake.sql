-- Intake: drafts of applications, the form schemas cases were filled with,
-- and the attachments (scans) kept under files/ by their SHA-256.

-- A draft is an application being filled at the window. It is saved as the
-- clerk types and on every navigation; doc holds the whole hall.Draft as
-- JSON. A draft leaves the list only on purpose: discarded by the clerk, or
-- submitted as a case (in the same transaction as the case).
CREATE TABLE drafts (
    id          TEXT PRIMARY KEY,
    item_code   TEXT NOT NULL,
    item_name   TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'discarded', 'submitted')),
    case_id     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    doc         TEXT NOT NULL
);
CREATE INDEX drafts_open ON drafts (state, updated_at);

-- Every form schema a draft or case was filled with, by item and version,
-- so a case can always be shown with the labels it was filled under even
-- after the catalog moves on. Written once, never changed.
CREATE TABLE form_schemas (
    item_code  TEXT NOT NULL,
    version    INTEGER NOT NULL,
    schema     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (item_code, version)
);

-- Attached scans: the file itself is files/<sha256> in the data directory.
CREATE TABLE attachments (
    sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size       INTEGER NOT NULL,
    mime       TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
