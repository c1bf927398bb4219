-- 一件事一次办: a bundle is a catalog entry whose document lists its member
-- items (hall.Item.Members). item_search keeps how many, so the search index
-- marks bundles without reading documents.
ALTER TABLE item_search ADD COLUMN members INTEGER NOT NULL DEFAULT 0;

-- The cases one intake of a bundle opened carry the same bundle id (and the
-- bundle's entry) in their documents; these copies let the desk list them
-- together and count how often a bundle was taken in.
ALTER TABLE cases ADD COLUMN bundle_id TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN bundle_code TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_bundle ON cases (bundle_id) WHERE bundle_id != '';

-- The desk's own counts of use (how often an entry was taken in here) break
-- ties in search; this index answers them without reading the cases.
CREATE INDEX cases_uses ON cases (item_code, bundle_code, bundle_id);
