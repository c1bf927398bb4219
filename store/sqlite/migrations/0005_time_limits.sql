-- Time limits (docs/adr/0007-time-limits.md). Independent of the other
-- features' migrations: one new table and new columns of cases.

-- Holiday tables beyond or correcting the bundled ones, one row per year in
-- the per-year shape of hall/calendar ({"off": [...], "makeup_workdays":
-- [...]}). A stored year replaces the bundled table of that year. rev grows
-- with every save, so a reader knows cheaply whether its calendar is stale.
CREATE TABLE calendar_years (
    year       INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2199),
    doc        TEXT NOT NULL,
    source     TEXT NOT NULL,
    rev        INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

-- What a case's due dates are counted from, fixed at acceptance and kept
-- beside promise_due / legal_due (0001): the limits the item had then (a
-- later catalog change does not move a running case), the clock stops read
-- from its events ("2026-03-03~2026-03-05;2026-04-01~", an open stop has no
-- end), the working days stopped, and whether the dates may still move (a
-- year without a holiday table, or a stop still running). NULL days: not
-- accepted yet.
ALTER TABLE cases ADD COLUMN due_promise_days INTEGER;
ALTER TABLE cases ADD COLUMN due_promise_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN due_legal_days INTEGER;
ALTER TABLE cases ADD COLUMN due_legal_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN due_stops TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN due_stopped_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN due_provisional INTEGER NOT NULL DEFAULT 0;

-- The supervisor reads every accepted case: a covering index in case-number
-- order, so that listing 100,000 of them never reads the cases' documents
-- (the new columns sit after doc in each row).
CREATE INDEX cases_supervise ON cases (no, accepted_at, finished_at, state, department, item_code,
    item_name, clerk, promise_due, legal_due, due_promise_days, due_promise_unit, due_legal_days,
    due_legal_unit, due_stopped_days, due_provisional, due_stops) WHERE accepted_at != '';

-- The open ones alone, which the screen shows first: a few thousand rows of
-- a small index instead of a pass over every case ever accepted.
CREATE INDEX cases_supervise_open ON cases (no, accepted_at, finished_at, state, department, item_code,
    item_name, clerk, promise_due, legal_due, due_promise_days, due_promise_unit, due_legal_days,
    due_legal_unit, due_stopped_days, due_provisional, due_stops) WHERE accepted_at != '' AND finished_at = '';
