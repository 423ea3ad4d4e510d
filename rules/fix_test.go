package rules

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestFixes applies every safe fix to each file in testdata/fix, compares
// the result with NAME.golden, and then checks what --fix promises: the
// fixed file parses, a second round changes nothing, and every finding
// that was not fixed is still there.
func TestFixes(t *testing.T) {
	linter := NewLinter(Builtin())
	linter.Replace = map[string]string{"Recon:IAMUser/UserPermissions": "Discovery:IAMUser/AnomalousBehavior"}
	files, _ := filepath.Glob("testdata/fix/*")
	ran := 0
	for _, path := range files {
		if strings.HasSuffix(path, ".golden") {
			continue
		}
		ran++
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			format := scanner.Detect(path)
			before := linter.Lint(path, src, format)
			fixedSrc, fixed := ApplyFixes(src, before.Diagnostics)
			if len(fixed) == 0 {
				t.Fatal("no fix applied")
			}
			golden := path + ".golden"
			if *update {
				if err := os.WriteFile(golden, fixedSrc, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./rules -run TestFixes -update)", err)
			}
			if !bytes.Equal(fixedSrc, want) {
				t.Errorf("fixed source differs from %s:\n%s", golden, fixedSrc)
			}
			if bytes.Contains(src, []byte("\r\n")) && bytes.Count(fixedSrc, []byte("\n")) != bytes.Count(fixedSrc, []byte("\r\n")) {
				t.Errorf("line endings changed")
			}

			if err := scanner.ParseAs(path, fixedSrc, format).Err; err != nil {
				t.Fatalf("fixed file does not parse: %v", err)
			}
			after := linter.Lint(path, fixedSrc, format)
			if again, more := ApplyFixes(fixedSrc, after.Diagnostics); len(more) > 0 || !bytes.Equal(again, fixedSrc) {
				t.Errorf("a second fix changes the file again: %d more fixes", len(more))
			}
			if got, want := count(after.Diagnostics, RetiredFindingType), count(before.Diagnostics, RetiredFindingType)-len(fixed); got != want {
				t.Errorf("after fixing %d, %d GDL001 findings remain, want %d", len(fixed), got, want)
			}
		})
	}
	if ran == 0 {
		t.Fatal("no fix fixtures")
	}
}

func count(ds []Diagnostic, r *Rule) int {
	n := 0
	for _, d := range ds {
		if d.Rule == r {
			n++
		}
	}
	return n
}

// Removing never empties a list, and never guesses a replacement.
func TestFixesAreSafe(t *testing.T) {
	linter := NewLinter(Builtin())
	for _, src := range []string{
		`a = ["Backdoor:EC2/XORDDOS"]`,
		`a = ["Backdoor:EC2/XORDDOS", "CryptoCurrency:EC2/BitcoinTool.A"]`,
		`a = "Backdoor:EC2/XORDDOS"`,
		`a = ["found Backdoor:EC2/XORDDOS here", "x"]`,
	} {
		res := linter.Lint("x.tf", []byte(src), scanner.HCL)
		if _, fixed := ApplyFixes([]byte(src), res.Diagnostics); len(fixed) > 0 {
			t.Errorf("%s: %d fixes offered, want none", src, len(fixed))
		}
	}
}

// A fix applies whole or not at all: a two-edit fix that overlaps another
// fix is left out with both its edits, and a diagnostic's fixes are
// alternatives, of which only the first is applied.
func TestApplyFixesAllOrNothing(t *testing.T) {
	src := []byte("0123456789")
	fix := func(edits ...TextEdit) SuggestedFix { return SuggestedFix{Edits: edits} }
	del := func(a, b int) TextEdit { return TextEdit{Range: scanner.Range{Start: a, End: b}} }
	for _, tc := range []struct {
		name  string
		diags []Diagnostic
		want  string
		fixed int
	}{
		{"disjoint", []Diagnostic{{Fixes: []SuggestedFix{fix(del(0, 1))}}, {Fixes: []SuggestedFix{fix(del(5, 6))}}}, "12346789", 2},
		{"second edit overlaps", []Diagnostic{
			{Fixes: []SuggestedFix{fix(del(2, 4))}},
			{Fixes: []SuggestedFix{fix(del(0, 1), del(3, 5))}}, // its first edit is free, its second is not
		}, "01456789", 1},
		{"later edit takes back an earlier one", []Diagnostic{
			{Fixes: []SuggestedFix{fix(del(0, 1), del(6, 9))}},
			{Fixes: []SuggestedFix{fix(del(4, 7))}},
		}, "0123789", 1},
		{"alternatives", []Diagnostic{{Fixes: []SuggestedFix{fix(del(0, 2)), fix(del(0, 5))}}}, "23456789", 1},
	} {
		out, fixed := ApplyFixes(src, tc.diags)
		if string(out) != tc.want || len(fixed) != tc.fixed {
			t.Errorf("%s: got %q with %d fixed, want %q with %d", tc.name, out, len(fixed), tc.want, tc.fixed)
		}
	}
}
