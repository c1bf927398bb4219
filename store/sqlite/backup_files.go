package sqlite

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"

	"yichuang/hall"
)

func addFile(tw *tar.Writer, path, name string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime(),
		Typeflag: tar.TypeReg}); err != nil {
		return 0, err
	}
	n, err := io.Copy(tw, f)
	if err != nil {
		return n, hall.Wrap(hall.EInternal, err, "读取 %s 失败", path)
	}
	return n, nil
}

// addScans copies every scan whose content still matches its name.
func addScans(tw *tar.Writer, dir string) (int, []string, error) {
	if dir == "" {
		return 0, nil, nil
	}
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return 0, nil, nil
	}
	if err != nil {
		return 0, nil, err
	}
	var n int
	var skipped []string
	for _, e := range entries {
		if !e.Type().IsRegular() || !sha256Name.MatchString(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if !scanIntact(path, e.Name()) {
			skipped = append(skipped, e.Name())
			continue
		}
		if _, err := addFile(tw, path, "files/"+e.Name()); err != nil {
			return n, skipped, err
		}
		n++
	}
	return n, skipped, nil
}

func scanIntact(path, name string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return false
	}
	return hex.EncodeToString(h.Sum(nil)) == name
}
