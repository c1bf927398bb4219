// Command i18n rebuilds assets/translations/yichuang.zh_Hans.json from every
// T("key", "中文") call in the app's Go sources (main and app/...), sorted by
// key, so the file never needs editing by hand. Run: go run ./scripts/i18n
package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

var call = regexp.MustCompile(`\bT\("([a-z0-9_.]+)",\s*("(?:[^"\\]|\\.)*")`)

func main() {
	keys := map[string]string{}
	var files []string
	roots, _ := filepath.Glob("*.go")
	files = append(files, roots...)
	filepath.WalkDir("app", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".go") {
			files = append(files, p)
		}
		return nil
	})
	failed := false
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			v, err := strconv.Unquote(m[2])
			if err != nil {
				continue
			}
			if old, ok := keys[m[1]]; ok && old != v {
				fmt.Fprintf(os.Stderr, "%s: key %s has two texts: %q and %q\n", f, m[1], old, v)
				failed = true
			}
			keys[m[1]] = v
		}
	}
	if failed {
		os.Exit(1)
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("{\n")
	for i, k := range names {
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(keys[k])
		b.WriteString("  " + string(kb) + ": " + string(vb))
		if i < len(names)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	if err := os.WriteFile("assets/translations/yichuang.zh_Hans.json", []byte(b.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%d keys\n", len(names))
}
