// Package meta holds tests about the code's own shape: the rules of
// docs/ARCHITECTURE.md (and DESIGN's "Layout and direction of
// dependencies") that keep the domain free of I/O, each outside world behind
// one package and the UI a leaf. Each rule is also fed a made-up import
// graph that breaks it, so a rule that matches everything (or nothing)
// fails here instead of passing quietly.
package meta

import (
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// graph is package → the packages it imports (tests' own imports left out).
type graph map[string][]string

func realGraph(t *testing.T) graph {
	t.Helper()
	out, err := exec.Command("go", "list", "-tags", "migrated_fynedo", "-json", "yichuang/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	g := graph{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		g[p.ImportPath] = p.Imports
	}
	if len(g) < 20 {
		t.Fatalf("go list found only %d packages", len(g))
	}
	return g
}

// in reports whether p is one of the packages or below one of them; a
// trailing "." means that package alone (so "yichuang." is main only).
func in(p string, pkgs ...string) bool {
	for _, pre := range pkgs {
		if exact, ok := strings.CutSuffix(pre, "."); ok {
			if p == exact {
				return true
			}
			continue
		}
		if p == pre || strings.HasPrefix(p, pre+"/") {
			return true
		}
	}
	return false
}

// rule: a package matching who must not import anything matching what.
type rule struct {
	name string
	who  func(string) bool // the packages the rule binds
	what func(string) bool // the imports they may not have
	why  string
}

func pkgs(list ...string) func(string) bool     { return func(p string) bool { return in(p, list...) } }
func not(f func(string) bool) func(string) bool { return func(p string) bool { return !f(p) } }
func ours(p string) bool                        { return in(p, "yichuang") }

var domainIO = []string{"os.", "os/exec", "net.", "net/http", "database/sql", "io/fs.", "log/slog."}

var rules = []rule{
	{"fyne", not(pkgs("yichuang.", "yichuang/app")), pkgs("fyne.io"), "only main and app/* use Fyne"},
	{"sql", not(pkgs("yichuang/store/sqlite", "yichuang/platform/store", "yichuang/testsupport/pgtest")),
		pkgs("database/sql", "modernc.org/sqlite", "github.com/jackc"),
		"only the stores speak SQL (and the test support that gives tests a PostgreSQL)"},
	{"pgx", not(pkgs("yichuang/platform/store", "yichuang/testsupport/pgtest")), pkgs("github.com/jackc"),
		"only the platform's store speaks to PostgreSQL (docs/adr/0024); the desk stays on SQLite"},
	{"http", not(pkgs("yichuang/sync/transport", "yichuang/platform", "yichuang/cmd/yichuang-platform")), pkgs("net/http"),
		"only the transport and the platform server use HTTP"},
	{"resty", not(pkgs("yichuang/sync/transport")), pkgs("github.com/go-resty"), "only the transport uses the HTTP client"},
	{"domain-io", pkgs("yichuang/hall", "yichuang/forms"), pkgs(domainIO...), "the domain (hall, forms) does no I/O"},
	{"domain-deps", pkgs("yichuang/hall", "yichuang/forms"), func(p string) bool {
		return (ours(p) && !in(p, "yichuang/hall")) || (strings.Contains(strings.Split(p, "/")[0], ".") && !ours(p))
	}, "the domain depends on hall and the standard library only"},
	{"app-leaf", not(pkgs("yichuang.", "yichuang/app")), pkgs("yichuang/app"), "nothing but main imports the UI"},
	{"sync", pkgs("yichuang/sync"), pkgs("yichuang/store", "yichuang/desk", "yichuang/commands", "yichuang/app",
		"yichuang/documents", "yichuang/export", "yichuang/catalog"), "sync/* depends on hall and sync/* only"},
	{"store", pkgs("yichuang/store"), pkgs("yichuang/desk", "yichuang/commands", "yichuang/app", "yichuang/sync/engine",
		"yichuang/sync/transport", "yichuang/documents", "yichuang/export", "net/http"),
		"the store speaks SQL and is wired in desk; it calls no service above it"},
	{"root", not(pkgs("yichuang.", "yichuang/app", "yichuang/commands", "yichuang/cmd", "yichuang/seed", "yichuang/testsupport")),
		pkgs("yichuang/desk", "yichuang/commands"),
		"only main, the window, the commands, the benches and what they seed desks with take services from the composition root"},
	{"no-seed", not(pkgs("yichuang/cmd/yichuang-bench", "yichuang/testsupport")), pkgs("yichuang/seed"),
		"fabricated cases stay out of the clerk's binary and the platform (yichuang-bench seed)"},
	{"test-only", not(pkgs("yichuang/testsupport")), pkgs("yichuang/testsupport"), "testsupport is for tests: no program imports it"},
}

// violations lists every import in g that breaks a rule, as "rule: a → b".
func violations(g graph) []string {
	var out []string
	for p, imps := range g {
		for _, imp := range imps {
			for _, r := range rules {
				if r.who(p) && r.what(imp) && imp != p {
					out = append(out, r.name+": "+p+" → "+imp+" ("+r.why+")")
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

func TestImportRules(t *testing.T) {
	for _, v := range violations(realGraph(t)) {
		t.Error(v)
	}
}

// TestEachRuleCanFail feeds every rule an import that breaks it and one
// that does not: a rule that can never fire, or fires on everything, fails.
func TestEachRuleCanFail(t *testing.T) {
	cases := []struct {
		rule         string
		bad, allowed graph
	}{
		{"fyne", graph{"yichuang/store/sqlite": {"fyne.io/fyne/v2"}},
			graph{"yichuang": {"fyne.io/fyne/v2/app"}, "yichuang/app/ui": {"fyne.io/fyne/v2/widget"}}},
		{"sql", graph{"yichuang/app/ui": {"database/sql"}}, graph{"yichuang/store/sqlite": {"database/sql", "modernc.org/sqlite"}}},
		{"pgx", graph{"yichuang/store/sqlite": {"github.com/jackc/pgx/v5"}},
			graph{"yichuang/platform/store": {"github.com/jackc/pgx/v5/stdlib"}, "yichuang/testsupport/pgtest": {"github.com/jackc/pgx/v5/stdlib"}}},
		{"http", graph{"yichuang/sync/engine": {"net/http"}}, graph{"yichuang/sync/transport": {"net/http"}}},
		{"resty", graph{"yichuang/desk": {"github.com/go-resty/resty/v2"}}, graph{"yichuang/sync/transport": {"github.com/go-resty/resty/v2"}}},
		{"domain-io", graph{"yichuang/hall/calendar": {"os"}}, graph{"yichuang/hall": {"time", "strings", "net/url"}}},
		{"domain-deps", graph{"yichuang/forms": {"yichuang/store/sqlite"}}, graph{"yichuang/forms": {"yichuang/hall"}}},
		{"app-leaf", graph{"yichuang/desk": {"yichuang/app/ui"}}, graph{"yichuang": {"yichuang/app/ui"}}},
		{"sync", graph{"yichuang/sync/engine": {"yichuang/store/sqlite"}}, graph{"yichuang/sync/engine": {"yichuang/hall", "yichuang/sync/protocol"}}},
		{"store", graph{"yichuang/store/sqlite": {"yichuang/desk"}}, graph{"yichuang/store/sqlite": {"yichuang/hall/calendar"}}},
		{"root", graph{"yichuang/store/sqlite": {"yichuang/commands"}}, graph{"yichuang/app/ui": {"yichuang/desk"}}},
		{"no-seed", graph{"yichuang/commands": {"yichuang/seed"}}, graph{"yichuang/cmd/yichuang-bench": {"yichuang/seed"}}},
		{"test-only", graph{"yichuang/documents": {"yichuang/testsupport/pdftext"}}, graph{"yichuang/documents": {"yichuang/hall"}}},
	}
	for _, r := range rules {
		if !slices.ContainsFunc(cases, func(c struct {
			rule         string
			bad, allowed graph
		}) bool {
			return c.rule == r.name
		}) {
			t.Errorf("rule %s has no case here that breaks it", r.name)
		}
	}
	for _, tc := range cases {
		got := violations(tc.bad)
		if !slices.ContainsFunc(got, func(v string) bool { return strings.HasPrefix(v, tc.rule+":") }) {
			t.Errorf("rule %s: a graph that breaks it gives %q", tc.rule, got)
		}
		if got := violations(tc.allowed); len(got) != 0 {
			t.Errorf("rule %s: an allowed graph gives %q", tc.rule, got)
		}
	}
}
