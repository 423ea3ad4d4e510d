package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/internal/testkit"
	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

func fakeFindings(n int, level rules.Level) []Finding {
	var out []Finding
	for i := range n {
		out = append(out, Finding{
			Path:  fmt.Sprintf("dir,with:odd%%name/f%d.tf", i),
			Start: scanner.Position{Line: i + 1, Column: 3}, End: scanner.Position{Line: i + 1, Column: 23},
			Rule: rules.RetiredFindingType, Level: level, FindingType: "Backdoor:EC2/XORDDOS",
			Message: "line one\nline two: 100% | `x`",
		})
	}
	return out
}

func TestGitHubAnnotations(t *testing.T) {
	fs := append(append(fakeFindings(25, rules.LevelError), fakeFindings(3, rules.LevelWarning)...), fakeFindings(12, rules.LevelNote)...)
	var buf bytes.Buffer
	if err := render(newGitHubWriter(&buf, Options{}), &Summary{}, fs); err != nil {
		t.Fatal(err)
	}
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
	var buf bytes.Buffer
	if err := render(newMarkdownWriter(&buf, Options{}), &Summary{}, fakeFindings(20000, rules.LevelError)); err != nil {
		t.Fatal(err)
	}
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

// Past GitHub's 25,000 results per run, SARIF keeps the most severe and
// says how many it left out.
func TestSARIFKeepsTheMostSevere(t *testing.T) {
	fs := append(append(fakeFindings(20, rules.LevelNote), fakeFindings(30, rules.LevelError)...), fakeFindings(20, rules.LevelWarning)...)
	var buf bytes.Buffer
	if err := render(newSARIFWriter(&buf, Options{Version: "v1.0.0"}, 40), &Summary{}, fs); err != nil {
		t.Fatal(err)
	}
	levels, notes := testkit.ReadSARIF(t, buf.Bytes())
	if levels["error"] != 30 || levels["warning"] != 10 || levels["note"] != 0 {
		t.Errorf("kept %v, want all 30 errors and 10 warnings", levels)
	}
	if len(notes) == 0 || !strings.HasPrefix(notes[0], "30 of 70 results left out (0 errors, 10 warnings, 20 notes)") {
		t.Errorf("notification: %q", notes)
	}
}

// render feeds a set of findings to a writer at once, counting them into
// sum.
func render(w Writer, sum *Summary, fs []Finding) error {
	sum.Count(fs)
	if err := w.Add(fs); err != nil {
		return err
	}
	return w.Finish(sum)
}

// Code scanning takes a result's security severity from its rule: a note
// gets a rule with none (it is no security alert), a warning is Low, an
// error Medium at most, so GitHub's default check (High or higher) never
// fails a build that gdlint's --fail-on passes.
func TestSARIFSecuritySeverities(t *testing.T) {
	fs := append(append(fakeFindings(1, rules.LevelError), fakeFindings(1, rules.LevelWarning)...), fakeFindings(1, rules.LevelNote)...)
	never := fakeFindings(1, rules.LevelError)
	never[0].Rule = rules.RuleNeverMatches
	fs = append(fs, never...)
	var buf bytes.Buffer
	if err := render(newSARIFWriter(&buf, Options{Version: "v1.0.0"}, 100), &Summary{}, fs); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID         string
						Default    struct{ Level string } `json:"defaultConfiguration"`
						Properties struct {
							Tags     []string
							Severity string `json:"security-severity"`
						}
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	for _, res := range run.Results {
		r := run.Tool.Driver.Rules[res.RuleIndex]
		if r.ID != res.RuleID || r.Default.Level != res.Level {
			t.Errorf("result %s at %s points at rule %s at %s", res.RuleID, res.Level, r.ID, r.Default.Level)
		}
		sev := r.Properties.Severity
		switch res.Level {
		case "note":
			if sev != "" || slices.Contains(r.Properties.Tags, "security") {
				t.Errorf("a note is a security alert: %s %q %v", r.ID, sev, r.Properties.Tags)
			}
		case "warning":
			if f, err := strconv.ParseFloat(sev, 64); err != nil || f >= 4.0 {
				t.Errorf("a warning is above Low: %s %q", r.ID, sev)
			}
		case "error":
			if f, err := strconv.ParseFloat(sev, 64); err != nil || f >= 7.0 || f < 4.0 {
				t.Errorf("an error is not Medium: %s %q", r.ID, sev)
			}
		}
	}
	want := []string{"GDL001", "GDL001/warning", "GDL001/note", "GDL004"}
	var got []string
	for _, res := range run.Results {
		got = append(got, res.RuleID)
	}
	if !slices.Equal(got, want) {
		t.Errorf("rule ids %v, want %v", got, want)
	}
}
