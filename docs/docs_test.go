package docs

import (
	"strings"
	"testing"
)

// Every page has the parts explain and SARIF show.
func TestRulePages(t *testing.T) {
	entries, err := ruleFiles.ReadDir("rules")
	if err != nil || len(entries) < 5 {
		t.Fatalf("rule pages: %d, %v", len(entries), err)
	}
	for _, e := range entries {
		id := strings.TrimSuffix(e.Name(), ".md")
		p := Rule(id)
		if !strings.HasPrefix(p.Title, id+" ") {
			t.Errorf("%s: title %q does not start with the ID", id, p.Title)
		}
		if p.Summary == "" || strings.ContainsAny(p.Summary, "\n`") {
			t.Errorf("%s: summary %q", id, p.Summary)
		}
		for _, section := range []string{"## Example", "## Levels", "## Why", "## How to fix"} {
			if !strings.Contains(p.Markdown, "\n"+section+"\n") {
				t.Errorf("%s: no %q section", id, section)
			}
		}
		if strings.Contains(p.Text, "`") || !strings.Contains(p.Text, "\nHow to fix:\n") {
			t.Errorf("%s: text rendering keeps Markdown syntax:\n%s", id, p.Text)
		}
	}
	if Rule("GDL999") != (Page{}) {
		t.Error("an unknown rule has a page")
	}
}

func TestRuleURL(t *testing.T) {
	for v, want := range map[string]string{
		"v1.2.3":                             "https://github.com/gdlint/gdlint/blob/v1.2.3/docs/rules/GDL001.md",
		"v1.2.3-rc.1":                        "https://github.com/gdlint/gdlint/blob/v1.2.3-rc.1/docs/rules/GDL001.md",
		"devel":                              "https://github.com/gdlint/gdlint/blob/main/docs/rules/GDL001.md",
		"v0.0.0-20261201100000-abcdef123456": "https://github.com/gdlint/gdlint/blob/abcdef123456/docs/rules/GDL001.md",
		"v1.2":                               "https://github.com/gdlint/gdlint/blob/main/docs/rules/GDL001.md",
		"v1.2.3+dirty":                       "https://github.com/gdlint/gdlint/blob/main/docs/rules/GDL001.md",
	} {
		if got := RuleURL("GDL001", v); got != want {
			t.Errorf("RuleURL(%q) = %s, want %s", v, got, want)
		}
	}
}
