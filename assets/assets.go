// Package assets holds what the app ships inside its binary: the bundled
// demo catalog, the official holiday tables, fonts, icons and translations.
package assets

import (
	"embed"
	_ "embed"
)

//go:generate go run ./catalog/gen catalog

// DemoCatalog is the bundled county-hall catalog (JSON array of hall.Item),
// loaded into an empty data directory on first start.
//
//go:embed catalog/demo.json
var DemoCatalog []byte

// Holidays is the official holiday table for the bundled years, in the
// shape {"2026": {"off": [...], "makeup_workdays": [...]}}.
//
//go:embed calendar/holidays-cn-2024-2026.json
var Holidays []byte

// Translations holds Fyne translation files (zh-Hans.json …).
//
//go:embed translations
var Translations embed.FS

// Icon is the app icon (PNG).
//
//go:embed icons/icon.png
var Icon []byte

// Aliases is the bundled alias table: everyday words for what catalogs
// name otherwise (医保 → 医疗保障), applied to every catalog's search (see
// hall.ParseAliases and docs/adr/0014-catalog-keywords-and-aliases.md).
//
//go:embed aliases/aliases.tsv
var Aliases []byte
