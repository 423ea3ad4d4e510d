package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/scanner"
)

// Every rule has a row in the one table of default levels, and its main
// level (a value in live configuration) is the highest it reports.
func TestDefaultLevelTable(t *testing.T) {
	for _, r := range All() {
		if _, ok := defaultLevels[r]; !ok {
			t.Errorf("%s has no row in defaultLevels", r.ID)
		}
		for c := Category(0); c < numCategories; c++ {
			if DefaultLevelFor(r, c) > r.DefaultLevel() {
				t.Errorf("%s: %s is %s, above the main level %s", r.ID, c, DefaultLevelFor(r, c), r.DefaultLevel())
			}
			if DefaultLevelFor(r, c) == LevelOff {
				t.Errorf("%s: %s defaults to off", r.ID, c)
			}
		}
	}
}

// A configured level replaces the main level; a category the defaults put
// lower never rises above its default, and falls with the configuration.
func TestPolicyLevels(t *testing.T) {
	r := RetiredFindingType
	for _, tc := range []struct {
		configured string // "" for none
		cat        Category
		want       Level
	}{
		{"", CategoryValue, LevelError},
		{"", CategoryCode, LevelError},
		{"", CategoryExclusion, LevelWarning},
		{"", CategoryComment, LevelNote},
		{"", CategoryProse, LevelNote},
		{"", CategorySample, LevelNote},
		{"error", CategorySample, LevelNote},
		{"warning", CategoryValue, LevelWarning},
		{"warning", CategoryExclusion, LevelWarning},
		{"warning", CategoryComment, LevelNote},
		{"note", CategoryExclusion, LevelNote},
		{"error", CategoryComment, LevelNote},
		{"off", CategoryValue, LevelOff},
	} {
		p := Policy{}
		if tc.configured != "" {
			lv, err := ParseLevel(tc.configured)
			if err != nil {
				t.Fatal(err)
			}
			p.Levels = map[string]Level{r.ID: lv}
		}
		if got := p.Level(r, tc.cat); got != tc.want {
			t.Errorf("configured %q, %s: got %s, want %s", tc.configured, tc.cat, got, tc.want)
		}
	}
	p := Policy{Levels: map[string]Level{"GDL002": LevelOff}}
	if p.Enabled("GDL002") || !p.Enabled("GDL001") {
		t.Error("Enabled does not follow the levels")
	}
	for _, r := range p.Rules() {
		if r.ID == "GDL002" {
			t.Error("Rules lists a rule turned off")
		}
	}
}

// A rule turned off (left out of Linter.Rules) reports nothing, and an
// ignore naming it is not reported as unused.
func TestRulesLeftOutDoNotRun(t *testing.T) {
	src := "detail:\n  type: [\"Backdoor:EC2/XORDDOS\"] # gdlint:ignore GDL001 -- kept\n"
	l := NewLinter(Builtin())
	l.Rules = Policy{Levels: map[string]Level{"GDL001": LevelOff}}.Rules()
	res := l.Lint("x.yaml", []byte(src), scanner.YAML)
	for _, d := range res.Diagnostics {
		if d.Rule.ID == "GDL001" || d.Rule.ID == "GDL000" {
			t.Errorf("%s reported with GDL001 off: %s", d.Rule.ID, d.Message)
		}
	}
}

// Rules say what the text is: code strings and live values are told apart,
// though both default to error.
func TestCategories(t *testing.T) {
	l := NewLinter(Builtin())
	for _, tc := range []struct {
		path, src string
		want      Category
	}{
		{"x.py", "T = 'Backdoor:EC2/XORDDOS'\n", CategoryCode},
		{"x.py", "# Backdoor:EC2/XORDDOS\n", CategoryComment},
		{"x.md", "Backdoor:EC2/XORDDOS\n", CategoryProse},
		{"x.tf", "a = \"Backdoor:EC2/XORDDOS\"\n", CategoryValue},
		{"x.json", `{"detail": {"type": [{"anything-but": ["Backdoor:EC2/XORDDOS"]}]}, "source": ["aws.guardduty"]}`, CategoryExclusion},
	} {
		res := l.Lint(tc.path, []byte(tc.src), scanner.Detect(tc.path))
		if len(res.Diagnostics) != 1 || res.Diagnostics[0].Category != tc.want {
			t.Errorf("%s %q: got %+v, want one diagnostic in %s", tc.path, tc.src, res.Diagnostics, tc.want)
		}
	}
}

// Every message that names suggestions says they are gdlint's, in one
// wording.
func TestOneSuggestionWording(t *testing.T) {
	for n := 1; n <= 4; n++ {
		s := successorNote(strings.Fields("A B C D")[:n], []string{"Old:EC2/Type"})
		if !strings.Contains(s, "not an AWS mapping") || !strings.HasPrefix(s, " (suggested successor") {
			t.Errorf("%d successors: %q", n, s)
		}
		// A list cut short says where the rest are.
		if cut := strings.Contains(s, " more"); cut != (n > 2) || cut && !strings.HasSuffix(s, fmt.Sprintf("and %d more; gdlint explain Old:EC2/Type lists them)", n-2)) {
			t.Errorf("%d successors: %q", n, s)
		}
	}
	if s := successorNote(strings.Fields("A B C D"), []string{"Old:EC2/A", "Old:EC2/B"}); !strings.HasSuffix(s, "; gdlint explain TYPE lists them)") {
		t.Errorf("successors of two types: %q", s)
	}
}
