package documents

import (
	"os"
	"path/filepath"

	"yichuang/hall"
	"yichuang/secure"
)

// Dir is the folder of generated documents inside the data directory.
const Dir = "documents"

// Path is where the notice kind of case no is written under dataDir.
func Path(dataDir, no string, kind hall.DocKind) string {
	return filepath.Join(dataDir, Dir, no+"-"+string(kind)+".pdf")
}

// Write renders the notice and writes it under dataDir, sealed under key
// (the desk's file key; nil on a desk with no keys yet: in clear), through
// a temporary file, synced, then renamed: a viewer never opens half a
// document. The file is a rendering of the case and its event, so writing
// it again gives the same document. To show it, ViewCopy.
func Write(dataDir string, key []byte, c *hall.Case, n hall.Notice) (string, error) {
	b, err := Render(c, n)
	if err != nil {
		return "", err
	}
	return writeFile(Path(dataDir, c.No, n.Kind), b, n.Kind, key)
}

// writeFile writes a rendered notice to path, sealed under key if there is
// one: a temporary file, synced, then renamed.
func writeFile(path string, b []byte, kind hall.DocKind, key []byte) (string, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", hall.Wrap(hall.EInternal, err, "无法创建文书目录 %s", filepath.Dir(path))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".writing-*.pdf")
	if err != nil {
		return "", hall.Wrap(hall.EInternal, err, "无法写入%s，请检查磁盘空间和权限", kind)
	}
	defer os.Remove(tmp.Name())
	if key == nil {
		_, err = tmp.Write(b)
	} else {
		var w *secure.StreamWriter
		if w, err = secure.NewFileWriter(tmp, key); err == nil {
			if _, err = w.Write(b); err == nil {
				err = w.Close()
			}
		}
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return "", hall.Wrap(hall.EInternal, err, "无法写入%s %s", kind, path)
	}
	return path, nil
}

// ForEvent is what the notice of event ev says: the case as the event left
// it (its reason and due dates, which later events may have changed) and
// the facts frozen into the event. ok is false for an event with no notice.
func ForEvent(c *hall.Case, ev hall.Event) (*hall.Case, hall.Notice, bool) {
	n, ok := hall.NoticeOf(ev)
	if !ok {
		return nil, n, false
	}
	at := *c
	at.State, at.Reason = ev.To, ev.Reason
	if ev.PromiseDue != "" {
		at.PromiseDue, at.LegalDue = ev.PromiseDue, ev.LegalDue
	}
	return &at, n, true
}
