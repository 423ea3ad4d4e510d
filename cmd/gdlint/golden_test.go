package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/internal/report"
)

// TestGolden runs gdlint over files of the repository's testdata/ in every
// format and compares with testdata/golden. Run `go test ./cmd/gdlint -update` to
// rewrite the golden files after an intended change, and review the diff.
func TestGolden(t *testing.T) {
	here, _ := os.Getwd()
	repo := filepath.Join(here, "..", "..")
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(repo)
			var stdout, stderr bytes.Buffer
			c := &Command{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
			if code := c.Main(tc.args); code != ExitFindings {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitFindings, stderr.String())
			}
			got := normalize(stdout.String(), repo)
			if strings.HasSuffix(tc.name, ".json") || strings.HasSuffix(tc.name, ".sarif") {
				// JSON and SARIF are written compact; keep the golden
				// files readable and their diffs reviewable.
				var buf bytes.Buffer
				if err := json.Indent(&buf, []byte(got), "", "  "); err != nil {
					t.Fatalf("output is not JSON: %v", err)
				}
				got = buf.String()
			}
			path := filepath.Join(here, "testdata", "golden", tc.name)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (run with -update and review the diff):\n%s", path, firstDiff(got, string(want)))
			}
		})
	}
}

// goldenCases are TestGolden's runs, each written to testdata/golden/NAME.
var goldenCases = []struct {
	name string
	args []string
}{
	// Each format over a few files that hold every kind of finding (a
	// fix, a note, a warning, a Security Hub spelling, a notice): the
	// fixtures' want comments pin every diagnostic of testdata/, so
	// the goldens pin only what the formats make of them.
	{"testdata.txt", []string{"--format", "text", "testdata/terraform", "testdata/cloudformation/eventbridge.yaml"}},
	{"testdata-color.txt", []string{"--format", "text", "--color", "always", "testdata/terraform/securityhub.tf"}},
	{"testdata.json", []string{"--format", "json", "testdata/terraform/eventbridge.tf", "testdata/terraform/broken.tf", "testdata/cloudformation/eventbridge.yaml"}},
	{"testdata.sarif", []string{"--format", "sarif", "testdata/terraform/eventbridge.tf", "testdata/terraform/broken.tf", "testdata/terraform/securityhub.tf"}},
	{"testdata-github.txt", []string{"--format", "github", "testdata/semantics", "testdata/code"}},
	{"testdata.md", []string{"--format", "markdown", "testdata/terraform"}},
	{"testdata-compact.txt", []string{"--format", "compact", "testdata/terraform", "testdata/code"}},
}

// normalize replaces what differs between machines: the checkout's
// absolute path. (A test binary's version is always "devel".)
func normalize(s, repo string) string {
	return strings.ReplaceAll(s, report.FileURI(repo)+"/", "file:///REPO/")
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}
