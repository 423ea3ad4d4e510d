package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

func fakeFindings(n int, level rules.Level) []Finding {
	var out []Finding
	for i := range n {
		out = append(out, Finding{
			Path:  fmt.Sprintf("dir,with:odd%%name/f%d.tf", i),
			Start: scanner.Position{Line: i + 1, Column: 3}, End: scanner.Position{Line: i + 1, Column: 23},
			Diag: rules.Diagnostic{Rule: rules.RetiredFindingType, Level: level, FindingType: "Backdoor:EC2/XORDDOS",
				Message: "line one\nline two: 100% | `x`"},
		})
	}
	return out
}

func TestGitHubAnnotations(t *testing.T) {
	rep := &Report{Findings: append(append(fakeFindings(25, rules.LevelError), fakeFindings(3, rules.LevelWarning)...), fakeFindings(12, rules.LevelNote)...)}
	var buf bytes.Buffer
	printGitHub(&buf, rep)
	out := buf.String()
	if got := strings.Count(out, "::error "); got != 10 {
		t.Errorf("%d error annotations, want 10 (GitHub's cap)", got)
	}
	if got := strings.Count(out, "::warning "); got != 3 {
		t.Errorf("%d warning annotations, want 3", got)
	}
	if got := strings.Count(out, "::notice "); got != 10 {
		t.Errorf("%d notices, want 9 notes and the summary notice", got)
	}
	if !strings.Contains(out, "::notice title=gdlint::15 more errors, 0 more warnings and 3 more notes not shown as annotations") {
		t.Errorf("no summary of what was left out:\n%s", out)
	}
	first := strings.SplitN(out, "\n", 2)[0]
	want := "::error file=dir%2Cwith%3Aodd%25name/f0.tf,line=1,endLine=1,col=3,endColumn=23,title=GDL001 retired-finding-type::line one%0Aline two: 100%25 | `x`"
	if first != want {
		t.Errorf("escaping:\n got %s\nwant %s", first, want)
	}
}

func TestMarkdownSummaryStaysUnderLimit(t *testing.T) {
	rep := &Report{Findings: fakeFindings(20000, rules.LevelError)}
	var buf bytes.Buffer
	printMarkdown(&buf, rep)
	if buf.Len() > 1<<20 {
		t.Fatalf("summary is %d bytes, over GitHub's 1 MiB", buf.Len())
	}
	if !strings.Contains(buf.String(), "more findings not shown") {
		t.Error("rows left out are not counted")
	}
	if strings.Contains(buf.String(), "line one\nline two") || !strings.Contains(buf.String(), `100% \| 'x'`) {
		t.Error("cells are not escaped")
	}
}
