// Package documents writes the notices a window hands the applicant as
// PDF: 受理回执, 不予受理通知书 and 一次性告知书, with the case number, the
// item, the applicant (ID masked), the materials received and missing, the
// promised date, the hall and a QR code of the progress address. It knows
// nothing of screens; the same bytes come out for the window, a reprint and
// the headless commands.
//
// Documents use the bundled TrueType font (assets.FontPDF). A character the
// font lacks (rare name characters such as 䶮 or 𠮷) is printed as □ and
// the page says so, naming its code point, rather than silently dropping it.
package documents
