// Package export writes what screens show into files people take away:
// the supervisor's view of time limits as an Excel workbook (excelize),
// with Chinese headers, real date cells and percentages. It reads the
// domain's values only and never a screen, so every export is testable
// headless.
package export
