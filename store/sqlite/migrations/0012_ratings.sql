-- 好差评: the applicant's rating of one stage of a case (hall/rating.go),
-- one row per rating event, written in the event's transaction. The case's
-- document and the event keep it too; this table is what 时限监督 and the
-- monthly report count, by clerk and department, without reading
-- documents. One rating a stage (一次一评): the unique key refuses a second.
CREATE TABLE ratings (
    event_id   TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases (id),
    case_no    TEXT NOT NULL,
    stage      TEXT NOT NULL CHECK (stage IN ('受理', '出件')),
    level      TEXT NOT NULL CHECK (level IN ('非常满意', '满意', '基本满意', '不满意', '非常不满意')),
    reason     TEXT NOT NULL DEFAULT '',
    channel    TEXT NOT NULL,
    clerk      TEXT NOT NULL,
    department TEXT NOT NULL,
    rated_at   TEXT NOT NULL,
    UNIQUE (case_id, stage)
);
CREATE INDEX ratings_at ON ratings (rated_at);
