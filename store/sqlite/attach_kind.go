package sqlite

import "bytes"

// sniffScan names the kind of a scan from its first bytes: the image
// formats scanners write and PDF. Anything else is "" and refused, whatever
// its file name says.
func sniffScan(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return "image/jpeg"
	case bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return "image/tiff"
	case bytes.HasPrefix(head, []byte("BM")) && len(head) >= 14:
		return "image/bmp"
	}
	return ""
}
