// Package archtest holds the tests of gdlint's layout: which package may
// import which, and how long a function may be. It has no code of its own.
package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/gdlint/gdlint/"

// allowed is, for each package, the packages of this module it may import.
// The floors: scanner knows formats, rules knows GuardDuty, and neither
// knows disks or output; the internal packages each do one job; only
// cmd/gdlint wires them together.
var allowed = map[string][]string{
	"scanner": {},
	"rules":   {"scanner"},
	// go generate's writer of rules/zz_data.go, from rules/data.
	"rules/internal/gendata": {"rules"},
	"docs":                   {},
	"internal/textsafe":      {},
	"internal/files":         {},
	"internal/config":        {"internal/files", "rules"},
	"internal/report":        {"docs", "internal/textsafe", "rules", "scanner"},
	"internal/baseline":      {"internal/files", "internal/report", "internal/textsafe", "rules", "scanner"},
	"internal/driver":        {"internal/files", "internal/report", "internal/textsafe", "rules", "scanner"},
	"internal/archtest":      {},
	"internal/changes":       {},
	"internal/testkit":       {},
	// gdlint-aws, in a module of its own (aws/): it imports nothing of
	// the core, and the core nothing of it; they meet in a stream.
	"aws/policy":               {},
	"aws/internal/stream":      {},
	"aws/internal/awsfake":     {},
	"aws/internal/live":        {"aws/internal/awsfake", "aws/policy"}, // both in its tests only
	"aws/internal/cmd/awsfake": {"aws/internal/awsfake"},
	"aws/cmd/gdlint-aws":       {"aws/internal/awsfake", "aws/internal/live", "aws/internal/stream"}, // awsfake in its tests only
	// A maintainer's tool, in a module of its own: rules for the type
	// grammar and the data files' shapes.
	"tools/catalog-refresh": {"rules"},
	"cmd/gdlint":            {"docs", "internal/baseline", "internal/changes", "internal/config", "internal/driver", "internal/files", "internal/report", "internal/textsafe", "rules", "scanner"},
}

// maxFuncLines bounds a function outside tests.
const maxFuncLines = 100

type goFile struct {
	pkg  string // directory, relative to the module root
	path string
	test bool
	ast  *ast.File
}

func parseModule(t *testing.T) ([]goFile, *token.FileSet) {
	t.Helper()
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	var out []goFile
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && p != root || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			return err
		}
		if !strings.HasSuffix(p, "_test.go") {
			if f, err = parser.ParseFile(fset, p, nil, parser.ParseComments); err != nil {
				return err
			}
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		out = append(out, goFile{pkg: filepath.ToSlash(rel), path: p, test: strings.HasSuffix(p, "_test.go"), ast: f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 50 {
		t.Fatalf("found only %d Go files; the walk went wrong", len(out))
	}
	return out, fset
}

// Every package imports only what its floor allows, in its code and in its
// tests alike (a test that needs a higher package belongs higher); any
// test may import internal/testkit, and nothing else may.
func TestImportsFollowTheLayers(t *testing.T) {
	files, _ := parseModule(t)
	seen := map[string]bool{}
	for _, f := range files {
		seen[f.pkg] = true
		ok, known := allowed[f.pkg]
		if !known {
			t.Errorf("%s: package %s is not in the layout; add it to allowed", f.path, f.pkg)
			continue
		}
		for _, imp := range f.ast.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			dep, ours := strings.CutPrefix(p, module)
			if !ours || dep == f.pkg {
				continue
			}
			if dep == "internal/testkit" {
				if !f.test {
					t.Errorf("%s imports internal/testkit, which only tests may", f.path)
				}
				continue
			}
			found := false
			for _, a := range ok {
				found = found || a == dep
			}
			if !found {
				t.Errorf("%s imports %s, which %s may not", f.path, dep, f.pkg)
			}
		}
	}
	var missing []string
	for p := range allowed {
		if !seen[p] {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the layout names packages that do not exist: %v", missing)
	}
}

// Every package says what it is for, and what it must not know.
func TestPackagesStateTheirContract(t *testing.T) {
	files, _ := parseModule(t)
	doc := map[string]string{}
	for _, f := range files {
		if !f.test && f.ast.Doc != nil {
			doc[f.pkg] += f.ast.Doc.Text()
		}
	}
	for p := range allowed {
		if p == "internal/archtest" || p == "cmd/gdlint" {
			continue // a test package; a command documents itself in --help
		}
		d := doc[p]
		if d == "" {
			t.Errorf("%s has no package doc comment", p)
			continue
		}
		if !strings.Contains(d, "nothing") && !strings.Contains(d, "never") {
			t.Errorf("%s: the package doc does not say what the package must not know:\n%s", p, d)
		}
	}
}

// No function outside tests is longer than maxFuncLines; generated code
// (rules/zz_data.go's literals) is written by a program, not read.
func TestFunctionsStayShort(t *testing.T) {
	files, fset := parseModule(t)
	for _, f := range files {
		if f.test || ast.IsGenerated(f.ast) {
			continue
		}
		for _, d := range f.ast.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1
			if n > maxFuncLines {
				t.Errorf("%s: %s is %d lines, over %d", fset.Position(fd.Pos()), fd.Name.Name, n, maxFuncLines)
			}
		}
	}
}

func TestMain(m *testing.M) {
	// The tests read the source tree; they need the module root two
	// levels up.
	if _, err := os.Stat(filepath.Join("..", "..", "go.mod")); err != nil {
		panic("archtest must run from internal/archtest")
	}
	os.Exit(m.Run())
}
