-- Keywords (关键词/别名) of each entry for the search index: the words a
-- clerk or an applicant asks for the item by, one per line. They are part
-- of the entry's document too (hall.Item.Keywords); this copy lets the
-- index load without reading documents, like the other item_search columns.
ALTER TABLE item_search ADD COLUMN keywords TEXT NOT NULL DEFAULT '';
