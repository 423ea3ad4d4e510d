package rules

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

// Fixtures under ../testdata carry their expectations. Where the format has
// comments, a comment holds them:
//
//	"UnauthorizedAccess:EC2/TorIPCaller", # want GDL001
//	# want-3 GDL001:error GDL001:note      (for line 3 above this one)
//
// Where it has not (JSON), a sidecar file NAME.want holds lines of
// "LINE RULE[:level] ...". A rule without a level matches any level. Both a
// missing and an unexpected diagnostic fail the test.
var wantRE = regexp.MustCompile(`\bwant([+-]\d+)?((?:[ \t]+GDL\d{3}(?::[a-z]+)?)+)`)

type expectation map[int][]string // line -> "GDL001" or "GDL001:note"

func parseWants(src []byte) expectation {
	want := expectation{}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		for _, m := range wantRE.FindAllStringSubmatch(sc.Text(), -1) {
			target := line
			if m[1] != "" {
				n, _ := strconv.Atoi(m[1])
				target += n
			}
			want[target] = append(want[target], strings.Fields(m[2])...)
		}
	}
	return want
}

func parseSidecar(t *testing.T, path string) (expectation, bool) {
	raw, err := os.ReadFile(path + ".want")
	if err != nil {
		return nil, false
	}
	want := expectation{}
	for i, l := range strings.Split(string(raw), "\n") {
		fields := strings.Fields(l)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		n, err := strconv.Atoi(fields[0])
		if err != nil || len(fields) < 2 {
			t.Fatalf("%s.want:%d: want \"LINE RULE[:level] ...\"", path, i+1)
		}
		want[n] = append(want[n], fields[1:]...)
	}
	return want, true
}

// fixtureFiles lists the files under dir that gdlint reads.
func fixtureFiles(t *testing.T, dir string) []string {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && scanner.Detect(p) != scanner.Unknown {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFixtures(t *testing.T) {
	linter := NewLinter(Builtin())
	files := fixtureFiles(t, "../testdata")
	if len(files) == 0 {
		t.Fatal("no fixtures found")
	}
	for _, path := range files {
		t.Run(filepath.ToSlash(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want, ok := parseSidecar(t, path)
			if !ok {
				want = parseWants(src)
			}
			res := linter.Lint(path, src, scanner.Detect(path))
			// A fixture meant to be valid must parse, or it would only
			// test the text fallback.
			broken := strings.Contains(path, "broken") || strings.Contains(path, "half-written")
			if res.File != nil && (res.File.Err != nil) != broken {
				t.Errorf("parse error %v; only fixtures named broken or half-written may fail to parse", res.File.Err)
			}
			got := expectation{}
			for _, d := range res.Diagnostics {
				line := res.File.Position(d.Range.Start).Line
				got[line] = append(got[line], d.Rule.ID+":"+d.Level.String())
				checkRangeSlicesToType(t, res.File, d)
			}
			compareExpectations(t, want, got, res)
		})
	}
}

func compareExpectations(t *testing.T, want, got expectation, res Result) {
	t.Helper()
	lines := map[int]bool{}
	for l := range want {
		lines[l] = true
	}
	for l := range got {
		lines[l] = true
	}
	sorted := make([]int, 0, len(lines))
	for l := range lines {
		sorted = append(sorted, l)
	}
	sort.Ints(sorted)
	for _, l := range sorted {
		g := append([]string(nil), got[l]...)
		var missing []string
		for _, w := range want[l] {
			i := indexMatching(g, w)
			if i < 0 {
				missing = append(missing, w)
				continue
			}
			g = append(g[:i], g[i+1:]...)
		}
		if len(missing) > 0 {
			t.Errorf("line %d: missing %v (got %v)", l, missing, got[l])
		}
		for _, u := range g {
			t.Errorf("line %d: unexpected %s: %s", l, u, messageAt(res, l, u))
		}
	}
}

// indexMatching finds a got entry ("GDL001:error") that satisfies w
// ("GDL001" or "GDL001:error").
func indexMatching(got []string, w string) int {
	for i, g := range got {
		if g == w || strings.HasPrefix(g, w+":") {
			return i
		}
	}
	return -1
}

func messageAt(res Result, line int, ruleLevel string) string {
	for _, d := range res.Diagnostics {
		if res.File.Position(d.Range.Start).Line == line && d.Rule.ID+":"+d.Level.String() == ruleLevel {
			return fmt.Sprintf("%q: %s", res.File.Src[d.Range.Start:d.Range.End], d.Message)
		}
	}
	return ""
}

// checkRangeSlicesToType asserts the exactness property: a GDL001 range
// covers exactly the type text, in its canonical or Security Hub spelling.
func checkRangeSlicesToType(t *testing.T, f *scanner.File, d Diagnostic) {
	t.Helper()
	if d.Range.Start < 0 || d.Range.End > len(f.Src) || d.Range.End <= d.Range.Start {
		t.Fatalf("%s: range %v outside the file (%d bytes)", d.Rule.ID, d.Range, len(f.Src))
	}
	if d.Rule != RetiredFindingType {
		return
	}
	got := string(f.Src[d.Range.Start:d.Range.End])
	for _, s := range append([]string{d.FindingType}, SecurityHubSpellings(d.FindingType)...) {
		if got == s {
			return
		}
	}
	t.Errorf("GDL001 range slices to %q, not a spelling of %s", got, d.FindingType)
}
