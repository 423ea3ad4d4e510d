package rules

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand"
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
			// Each rule whose fixes were applied has that many fewer
			// findings. GDL007's fixes add the consolidated GeneratorId
			// beside the old one, which silences any other old GeneratorId
			// of that control in the list too: fewer may remain, never more.
			for _, r := range All() {
				if r != RetiredFindingType && count(fixed, r) == 0 {
					continue
				}
				got, want := count(after.Diagnostics, r), count(before.Diagnostics, r)-count(fixed, r)
				if got != want && (r != PreConsolidationControlID || got > want) {
					t.Errorf("after fixing %d, %d %s findings remain, want %d", count(fixed, r), got, r.ID, want)
				}
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

// A property of --fix on lists written one element a line, with or
// without a comment on each line (#, // or /* */, as the format allows)
// and a trailing comma, in HCL, JSON with comments and a YAML flow
// sequence: a comment that was on a removed element's line is gone, every
// kept element keeps its comment on its own line, the fixed file parses,
// and a second round changes nothing.
func TestFixKeepsCommentsWithTheirElement(t *testing.T) {
	rng := rand.New(rand.NewSource(24))
	linter := NewLinter(Builtin())
	retired := []string{"Backdoor:EC2/XORDDOS", "UnauthorizedAccess:EC2/TorIPCaller", "CryptoCurrency:EC2/BitcoinTool.A", "Impact:S3/ObjectDelete.Unusual"}
	live := []string{"Recon:IAMUser/MaliciousIPCaller", "UnauthorizedAccess:EC2/TorClient", "UnauthorizedAccess:EC2/TorRelay"}
	for i := 0; i < 2000; i++ {
		name := []string{"p.tf", "p.jsonc", "p.yaml"}[rng.Intn(3)]
		n := 2 + rng.Intn(4)
		var elems []string
		removed := map[int]bool{}
		for j := 0; j < n; j++ {
			if rng.Intn(2) == 0 {
				elems = append(elems, retired[rng.Intn(len(retired))])
				removed[j] = true
			} else {
				elems = append(elems, live[rng.Intn(len(live))])
			}
		}
		if len(removed) == n {
			elems[0], removed[0] = live[0], false
			delete(removed, 0)
		}
		trailing := name != "p.jsonc" && rng.Intn(2) == 0 // JSON allows none
		comments := map[string][]string{
			"p.tf":    {"# c%d", "// c%d", "/* c%d */"},
			"p.jsonc": {"// c%d", "/* c%d */"},
			"p.yaml":  {"# c%d"},
		}[name]
		var b strings.Builder
		for j, e := range elems {
			fmt.Fprintf(&b, "        %q", e)
			if j < n-1 || trailing {
				b.WriteString(",")
			}
			if c := rng.Intn(len(comments) + 1); c < len(comments) {
				fmt.Fprintf(&b, " "+comments[c], j)
			}
			b.WriteString("\n")
		}
		src := map[string]string{
			"p.tf":    "resource \"aws_cloudwatch_event_rule\" \"r\" {\n  event_pattern = jsonencode({\n    source = [\"aws.guardduty\"]\n    detail = {\n      type = [\n" + b.String() + "      ]\n    }\n  })\n}\n",
			"p.jsonc": "{\n  \"source\": [\"aws.guardduty\"],\n  \"detail\": {\n    \"type\": [\n" + b.String() + "    ]\n  }\n}\n",
			"p.yaml":  "source: [aws.guardduty]\ndetail:\n  type: [\n" + b.String() + "  ]\n",
		}[name]
		if err := scanner.ParseAs(name, []byte(src), scanner.Detect(name)).Err; err != nil {
			t.Fatalf("generated file does not parse: %v\n%s", err, src)
		}
		res := linter.Lint(name, []byte(src), scanner.Detect(name))
		fixed, applied := ApplyFixes([]byte(src), res.Diagnostics)
		if len(applied) != len(removed) {
			t.Fatalf("%d fixes applied, want %d:\n%s", len(applied), len(removed), src)
		}
		out := string(fixed)
		if err := scanner.ParseAs(name, fixed, scanner.Detect(name)).Err; err != nil {
			t.Fatalf("fixed file does not parse: %v\n%s\n---\n%s", err, src, out)
		}
		for j, e := range elems {
			marker := fmt.Sprintf("c%d", j) // at most 5 elements: no marker is a prefix of another
			if !strings.Contains(src, marker) {
				continue // no comment on this line
			}
			if removed[j] && strings.Contains(out, marker) {
				t.Fatalf("the comment of removed %s is still there:\n%s\n---\n%s", e, src, out)
			}
			if !removed[j] && !lineHolds(out, e, marker) {
				t.Fatalf("kept %s lost its comment %s:\n%s\n---\n%s", e, marker, src, out)
			}
		}
		again := linter.Lint(name, fixed, scanner.Detect(name))
		if more, n := ApplyFixes(fixed, again.Diagnostics); len(n) > 0 || string(more) != out {
			t.Fatalf("a second round changes the file:\n%s", out)
		}
	}
}

// lineHolds reports whether a line of src holds both a and b.
func lineHolds(src, a, b string) bool {
	for _, l := range strings.Split(src, "\n") {
		if strings.Contains(l, a) && strings.Contains(l, b) {
			return true
		}
	}
	return false
}
