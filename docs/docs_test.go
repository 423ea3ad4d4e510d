package docs

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"reflect"
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

// TestAWSPolicyIsDocumented checks that aws.md shows the policy the code
// is held to, aws/policy/aws-policy.json in gdlint-aws's module, and
// nothing else.
func TestAWSPolicyIsDocumented(t *testing.T) {
	page, err := os.ReadFile("aws.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(page), "\n```json\n")
	block, _, ok2 := strings.Cut(rest, "\n```\n")
	if !ok || !ok2 {
		t.Fatal("aws.md has no json block")
	}
	policy, err := os.ReadFile("../aws/policy/aws-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	var shown, held any
	if err := json.Unmarshal([]byte(block), &shown); err != nil {
		t.Fatalf("aws.md's policy: %v", err)
	}
	if err := json.Unmarshal(policy, &held); err != nil {
		t.Fatalf("aws-policy.json: %v", err)
	}
	if !reflect.DeepEqual(shown, held) {
		t.Error("aws.md shows a policy that differs from aws-policy.json")
	}
}

// oldToText is toText as it was first written, over a slice of lines:
// toText must render every text as it did.
func oldToText(md string) string {
	var b strings.Builder
	inFence := false
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "```"):
			inFence = !inFence
			continue
		case inFence:
			if line != "" {
				b.WriteString("    ")
			}
			b.WriteString(line)
		case strings.HasPrefix(line, "## "):
			b.WriteString(strings.TrimPrefix(line, "## ") + ":")
		default:
			b.WriteString(strings.ReplaceAll(line, "`", ""))
		}
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

// toText renders every rule page, and random texts of Markdown's pieces
// (fences, headings, code spans, blank lines, trailing newlines), as it
// was first written to.
func TestToTextAsBefore(t *testing.T) {
	entries, err := ruleFiles.ReadDir("rules")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		raw, err := ruleFiles.ReadFile("rules/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if got, want := toText(string(raw)), oldToText(string(raw)); got != want {
			t.Errorf("%s: toText differs from before:\n%s\nwant\n%s", e.Name(), got, want)
		}
	}
	pieces := []string{"\n", "\n", "\n\n", "```", "```hcl", "## ", "##", "# ", "`", "``", "x", " ", "\t", "é", "Why", ":", "\r\n"}
	rng := rand.New(rand.NewPCG(7, 7))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if got, want := toText(b.String()), oldToText(b.String()); got != want {
			t.Fatalf("toText(%q) = %q, before %q", b.String(), got, want)
		}
	}
}
