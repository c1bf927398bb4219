-- Whole-hall supervision (docs/adr/0020). The platform's supervision feed,
-- kept apart from the desk's own cases and written only by the sync pull:
-- no personal data, the due dates recounted with this desk's calendar.
CREATE TABLE feed_cases (
    no             TEXT PRIMARY KEY,
    hall           TEXT NOT NULL,
    desk           TEXT NOT NULL,
    line           TEXT NOT NULL, -- the supervisor's fields joined by U+001F (see feed.go)
    events         TEXT NOT NULL DEFAULT '', -- kind@unix;… every event, for the case's history
    urges_open     INTEGER NOT NULL DEFAULT 0,
    urges          INTEGER NOT NULL DEFAULT 0,
    urges_replied  INTEGER NOT NULL DEFAULT 0,
    urges_late_by  TEXT NOT NULL DEFAULT '', -- the earliest reply-by day of an unanswered 督办
    rating         TEXT NOT NULL DEFAULT '',
    overdue_reason TEXT NOT NULL DEFAULT '', -- 超期原因 the handling desk recorded
    accepted       INTEGER NOT NULL DEFAULT 0,
    finished       INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The hall tree of the scope, as the last page gave it.
CREATE TABLE feed_halls (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    level  TEXT NOT NULL DEFAULT '',
    parent TEXT NOT NULL DEFAULT ''
);

-- Where the desk stands in the feed, and for whom: another supervisor
-- (another scope) starts over.
CREATE TABLE feed_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    user       TEXT NOT NULL,
    scope      TEXT NOT NULL,
    cursor     TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- 督办: received on this desk's cases (incoming = 1: the clerks answer
-- them) and sent by this desk's supervisors (incoming = 0).
CREATE TABLE urges (
    id         TEXT PRIMARY KEY,
    incoming   INTEGER NOT NULL,
    case_id    TEXT NOT NULL DEFAULT '',
    case_no    TEXT NOT NULL,
    reason     TEXT NOT NULL,
    reply_by   TEXT NOT NULL,
    by_name    TEXT NOT NULL,
    at         TEXT NOT NULL,
    reply      TEXT NOT NULL DEFAULT '',
    replied_by TEXT NOT NULL DEFAULT '',
    replied_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX urges_open ON urges (incoming, replied_at);
