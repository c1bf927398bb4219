package ui

import "fyne.io/fyne/v2/lang"

// T returns the translation of key from the bundled translation files
// (assets/translations), falling back to the Chinese text given here so a
// missing key never shows English or a raw key to the clerk.
func T(key, fallback string, data ...any) string { return lang.X(key, fallback, data...) }
