-- An entry's materials live in its document (items.doc), which is what the
-- guide, intake and the platform read. item_materials (0001) copied them
-- into rows that nothing queried, and writing half a million of them was a
-- third of a province-sized import.
DROP TABLE item_materials;
