-- The item-type table (事项类型): the national codes, and the codes a
-- province adds, learnt from the entries that carry them (Item.TypeName)
-- whether they come from a file or from the platform. Filters list it; a
-- list may then name a provincial code without repeating its name.
CREATE TABLE item_types (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    national   INTEGER NOT NULL CHECK (national IN (0, 1)),
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO item_types (code, name, national, updated_at) VALUES
    ('01', '行政许可', 1, ''), ('02', '行政处罚', 1, ''), ('03', '行政强制', 1, ''),
    ('04', '行政征收', 1, ''), ('05', '行政给付', 1, ''), ('06', '行政检查', 1, ''),
    ('07', '行政确认', 1, ''), ('08', '行政奖励', 1, ''), ('09', '行政裁决', 1, ''),
    ('10', '其他行政权力', 1, ''), ('20', '公共服务', 1, '');
