package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestTranslationsMatchCode keeps assets/translations/yichuang.zh_Hans.json
// and the T(key, fallback) calls of the screens and main in step: every key
// used has its Chinese entry, identical to the fallback, and no entry is
// left over.
func TestTranslationsMatchCode(t *testing.T) {
	b, err := os.ReadFile("../../assets/translations/yichuang.zh_Hans.json")
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]string
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`\bT\("([a-z0-9_.]+)",\s*"((?:[^"\\]|\\.)*)"`)
	used := map[string]string{}
	srcs, _ := filepath.Glob("*.go")
	roots, _ := filepath.Glob("../../*.go")
	for _, f := range append(srcs, roots...) {
		src, _ := os.ReadFile(f)
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			used[m[1]] = m[2]
		}
	}
	if len(used) < 20 {
		t.Fatalf("found only %d translated strings; the pattern is broken", len(used))
	}
	for k, v := range used {
		if file[k] == "" {
			t.Errorf("key %q (%s) missing from the translation file", k, v)
		} else if file[k] != v {
			t.Errorf("key %q: file says %q, code says %q", k, file[k], v)
		}
	}
	for k := range file {
		if _, ok := used[k]; !ok {
			t.Errorf("key %q in the translation file is not used", k)
		}
	}
}
