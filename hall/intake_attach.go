package hall

import (
	"context"
	"time"
)

// MaxAttachmentSize caps one attached scan: a multi-page colour scan at
// 300 dpi stays well below it, a video or disk image does not.
const MaxAttachmentSize = 20 << 20

// Attachment is a scanned file kept under the data directory, named by the
// SHA-256 of its content (so the same scan attached twice is stored once).
type Attachment struct {
	SHA256    string    `json:"sha256"`
	Size      int64     `json:"size"`
	MIME      string    `json:"mime"` // image/jpeg, image/png, image/tiff, image/bmp, application/pdf
	Name      string    `json:"name"` // the file's name when it was first attached
	CreatedAt time.Time `json:"created_at"`
}

// AttachmentService keeps scans.
type AttachmentService interface {
	// Attach copies the file at path into the data directory and records
	// it. A missing, unreadable, empty, oversized or non-image/PDF file is
	// refused with a Chinese message naming it.
	Attach(ctx context.Context, path string) (Attachment, error)
	// Attachment returns what is recorded of a scan.
	Attachment(ctx context.Context, sha256 string) (Attachment, error)
	// AttachmentPath is where the scan's file lives.
	AttachmentPath(sha256 string) string
}

// SettingScanFolder is the folder a document camera (高拍仪) saves its
// images into; "" for none.
const SettingScanFolder = "intake.scan_folder"

// ScanFile is one file waiting in the scan folder.
type ScanFile struct {
	Path    string
	Name    string
	Size    int64
	ModTime time.Time
}

// ScanInbox is the document camera's folder as the intake screen sees it.
type ScanInbox interface {
	// Inbox lists the images and PDFs waiting in dir, newest first, at most
	// MaxInbox of them; a missing folder is named in Chinese.
	Inbox(dir string) ([]ScanFile, error)
	// Take attaches the file at path (as Attach) and, once its copy and
	// record have committed, removes it from the folder. A file that could
	// not be removed is still attached: the error says so, and a second
	// Take of it attaches the same scan again, never a lost one.
	Take(ctx context.Context, path string) (Attachment, error)
}

// MaxInbox bounds what Inbox lists.
const MaxInbox = 200
