// Package meta holds tests about the code's own shape: the rules of
// docs/ARCHITECTURE.md that keep the domain free of I/O and each outside
// world behind one package.
package meta

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-tags", "migrated_fynedo", "-json", "yichuang/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 8 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

// rule: packages matching who may import what; everything else may not.
type rule struct {
	what    string            // import path prefix being guarded
	allowed func(string) bool // which of our packages may import it directly
	why     string
}

func under(prefixes ...string) func(string) bool {
	return func(p string) bool {
		for _, pre := range prefixes {
			if p == pre || strings.HasPrefix(p, pre+"/") {
				return true
			}
		}
		return false
	}
}

var rules = []rule{
	{"fyne.io/", under("yichuang", "yichuang/app"), "only main and app/* may use Fyne"},
	{"modernc.org/sqlite", under("yichuang/store/sqlite", "yichuang/platform"), "only the stores speak SQL"},
	{"database/sql", under("yichuang/store/sqlite", "yichuang/platform"), "only the stores speak SQL"},
	{"net/http", under("yichuang/sync/transport", "yichuang/platform", "yichuang/cmd/yichuang-platform"), "only the transport and the platform server use HTTP"},
	{"github.com/go-resty/", under("yichuang/sync/transport"), "only the transport uses the HTTP client"},
}

func TestImportRules(t *testing.T) {
	for _, p := range listPackages(t) {
		for _, imp := range p.Imports {
			for _, r := range rules {
				if strings.HasPrefix(imp, r.what) && !r.allowed(p.ImportPath) {
					t.Errorf("%s imports %s: %s", p.ImportPath, imp, r.why)
				}
			}
		}
	}
}

// TestDomainIsPure: hall and its sub-packages, and forms, import no project
// package outside the domain and nothing that does I/O.
func TestDomainIsPure(t *testing.T) {
	forbidden := []string{"os", "net", "net/http", "database/sql", "io/fs", "os/exec", "log/slog"}
	for _, p := range listPackages(t) {
		if !under("yichuang/hall", "yichuang/forms")(p.ImportPath) {
			continue
		}
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, "yichuang/") && !under("yichuang/hall")(imp) {
				t.Errorf("%s imports %s: the domain depends on nothing of ours", p.ImportPath, imp)
			}
			if strings.Contains(imp, ".") && !strings.HasPrefix(imp, "yichuang") {
				t.Errorf("%s imports the third-party %s: the domain uses the standard library only", p.ImportPath, imp)
			}
			for _, f := range forbidden {
				if imp == f {
					t.Errorf("%s imports %s: the domain does no I/O", p.ImportPath, imp)
				}
			}
		}
	}
}

// TestNothingImportsApp: the UI is a leaf; only main wires it.
func TestNothingImportsApp(t *testing.T) {
	for _, p := range listPackages(t) {
		if under("yichuang/app")(p.ImportPath) || p.ImportPath == "yichuang" {
			continue
		}
		for _, imp := range p.Imports {
			if under("yichuang/app")(imp) {
				t.Errorf("%s imports %s: nothing but main imports the UI", p.ImportPath, imp)
			}
		}
	}
}
