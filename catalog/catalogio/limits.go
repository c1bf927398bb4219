package catalogio

// What a catalog file may hold. A province's list is about 100,000
// entries (the synthetic one: 248 MB of JSON); everything is bounded at a
// few times that, so a hostile or broken file is refused, naming the file
// and the row, before it can take the desk's memory.
const (
	// MaxTextFile caps a JSON or CSV file on disk.
	MaxTextFile = 512 << 20
	// MaxXLSXFile caps a workbook on disk.
	MaxXLSXFile = 128 << 20
	// MaxXLSXPart and MaxXLSXTotal cap a workbook's parts once inflated,
	// each and together; MaxSharedStrings the shared-string table, which
	// is held whole.
	MaxXLSXPart      = 512 << 20
	MaxXLSXTotal     = 1 << 30
	MaxSharedStrings = 128 << 20
	// MaxXLSXMeta caps each small part that is decoded whole: the
	// workbook, its relationships and its styles.
	MaxXLSXMeta = 16 << 20
	// MaxRatio is the most a part may inflate (parts under 1 MB aside):
	// exported worksheets inflate 10 to 60 times, a zip bomb a thousand.
	MaxRatio = 200
	// MaxEntries is the most entries one file may hold.
	MaxEntries = 200000
	// MaxMaterials is the most materials one entry may list.
	MaxMaterials = 200
	// MaxColumns is the most cells a row may have.
	MaxColumns = 256
	// MaxCell caps one cell (bytes of UTF-8); MaxRecord one CSV record.
	MaxCell   = 64 << 10
	MaxRecord = 1 << 20
)
