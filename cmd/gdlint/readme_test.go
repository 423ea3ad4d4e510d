package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/gdlint/gdlint/internal/config"
	"github.com/gdlint/gdlint/internal/report"
)

var (
	fenceRE  = regexp.MustCompile("(?s)```(\\w*)\\n(.*?)```")
	outputRE = regexp.MustCompile(`^([^\s:]+):\d+:\d+: `)
)

// TestReadmeExamples keeps the documentation honest: in the README and
// every page under docs/, each output block that shows diagnostics
// ("file.tf:5:7: error: ...") must be what gdlint prints for the code
// block before it, written under that file name.
func TestReadmeExamples(t *testing.T) {
	pages, _ := filepath.Glob("../../docs/*/*.md")
	more, _ := filepath.Glob("../../docs/*.md")
	pages = append(append([]string{"../../README.md"}, more...), pages...)
	checked := map[string]int{}
	for _, page := range pages {
		checked[page] = checkExamples(t, page)
	}
	if checked["../../README.md"] < 3 {
		t.Fatalf("checked only %d README output lines; the examples were not found", checked["../../README.md"])
	}
	rulePages, _ := filepath.Glob("../../docs/rules/*.md")
	for _, p := range rulePages {
		if checked[p] == 0 {
			t.Errorf("%s shows no example output", p)
		}
	}
}

// checkExamples checks one page's examples and returns how many output
// lines it checked.
func checkExamples(t *testing.T, page string) int {
	t.Helper()
	text, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	here, _ := os.Getwd()
	var code string
	checked := 0
	for _, m := range fenceRE.FindAllStringSubmatch(string(text), -1) {
		lang, body := m[1], m[2]
		switch lang {
		case "hcl", "json", "yaml":
			code = body
			continue
		case "text":
		default:
			continue
		}
		first := outputRE.FindStringSubmatch(body)
		if first == nil {
			continue // not a diagnostics block (a shell session, say)
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, first[1]), []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout bytes.Buffer
		c := &Command{Stdout: &stdout, Stderr: &bytes.Buffer{}, Getenv: func(string) string { return "" }}
		t.Chdir(dir)
		c.Main([]string{first[1]})
		t.Chdir(here)
		for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
			if outputRE.MatchString(line) && !strings.Contains(stdout.String(), line+"\n") {
				t.Errorf("%s shows a line gdlint does not print for %s:\n  %s\ngdlint printed:\n%s", page, first[1], line, stdout.String())
			}
			checked++
		}
	}
	return checked
}

// TestReadmeConfigLoads checks that the README's .gdlint.yaml example is a
// valid config.
func TestReadmeConfigLoads(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range fenceRE.FindAllStringSubmatch(string(readme), -1) {
		if m[1] != "yaml" || !strings.HasPrefix(m[2], "# .gdlint.yaml") {
			continue
		}
		found = true
		path := filepath.Join(t.TempDir(), ".gdlint.yaml")
		if err := os.WriteFile(path, []byte(m[2]), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := config.Load(path); err != nil {
			t.Errorf("README config example: %v", err)
		}
	}
	if !found {
		t.Fatal("README has no .gdlint.yaml example")
	}
}

// TestReadmeSessions checks the README's shell sessions: a block that
// starts with "$ go run ./cmd/gdlint ARGS" must show exactly what gdlint
// prints for ARGS from the repository root.
func TestReadmeSessions(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const prompt = "$ go run ./cmd/gdlint "
	found := 0
	for _, m := range fenceRE.FindAllStringSubmatch(string(readme), -1) {
		cmdLine, want, ok := strings.Cut(m[2], "\n")
		if m[1] != "text" || !ok || !strings.HasPrefix(cmdLine, prompt) {
			continue
		}
		found++
		t.Chdir("../..")
		var stdout bytes.Buffer
		c := &Command{Stdout: &stdout, Stderr: &bytes.Buffer{}, Getenv: func(string) string { return "" }}
		c.Main(strings.Fields(strings.TrimPrefix(cmdLine, prompt)))
		if stdout.String() != want {
			t.Errorf("README shows for %q:\n%s\ngdlint prints:\n%s", cmdLine, want, stdout.String())
		}
		t.Chdir("cmd/gdlint")
	}
	if found == 0 {
		t.Fatal("no README session found")
	}
}

// The README is for users, and short; every relative link in it and in
// docs/ leads to a file that exists, and to a heading that exists there.
func TestDocsLinks(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(readme), "\n"); n > 250 {
		t.Errorf("README.md is %d lines, over 250: move reference material to docs/guide/", n)
	}
	pages, _ := filepath.Glob("../../docs/*.md")
	more, _ := filepath.Glob("../../docs/*/*.md")
	pages = append(append(append(pages, more...), "../../README.md"), "../../CONTRIBUTING.md")
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	for _, page := range pages {
		text, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range link.FindAllStringSubmatch(string(text), -1) {
			target := m[1]
			if strings.Contains(target, "://") {
				continue
			}
			file, anchor, _ := strings.Cut(target, "#")
			path := page
			if file != "" {
				path = filepath.Join(filepath.Dir(page), file)
			}
			info, err := os.Stat(path)
			if err != nil {
				t.Errorf("%s links to %s, which does not exist", page, target)
				continue
			}
			if anchor != "" && !info.IsDir() && !hasHeading(t, path, anchor) {
				t.Errorf("%s links to %s, but %s has no such heading", page, target, path)
			}
		}
	}
}

// hasHeading reports whether a Markdown file has a heading whose GitHub
// anchor is anchor.
func hasHeading(t *testing.T, path, anchor string) bool {
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(text), "\n") {
		title, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " ")
		if !ok || !strings.HasPrefix(line, "#") {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(title) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		if b.String() == anchor {
			return true
		}
	}
	return false
}

// The docs cover the whole interface: every flag and subcommand of --help
// and gdlint aws --help, every report format, and every input and output
// of action.yml appears in the README or a page under docs/, written as
// code (`--flag`, `name`). A flag added without documentation fails here.
func TestDocsCoverTheInterface(t *testing.T) {
	var docs strings.Builder
	pages, _ := filepath.Glob("../../docs/*/*.md")
	more, _ := filepath.Glob("../../docs/*.md")
	for _, p := range append(append([]string{"../../README.md"}, more...), pages...) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs.Write(b)
	}
	text := docs.String()
	want := map[string]string{} // what must appear → where it comes from
	flag := regexp.MustCompile(`(?m)(?:^|[\s,])(--?[a-z][a-z-]*)`)
	for name, help := range map[string]string{"--help": usageText(), "gdlint aws --help": awsUsageText()} {
		_, flags, ok := strings.Cut(help, "Flags:")
		if !ok {
			t.Fatalf("%s has no Flags section", name)
		}
		for _, m := range flag.FindAllStringSubmatch(flags, -1) {
			want["`"+m[1]] = name
		}
	}
	for _, m := range regexp.MustCompile(`(?m)^  gdlint ([a-z]+)`).FindAllStringSubmatch(usageText(), -1) {
		want["gdlint "+m[1]] = "--help's subcommands"
	}
	for _, f := range report.Formats {
		want["`"+f.Name+"`"] = "report.Formats"
	}
	raw, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Inputs, Outputs map[string]any
	}
	if err := yaml.Unmarshal(raw, &action); err != nil {
		t.Fatal(err)
	}
	for k := range action.Inputs {
		want["`"+k+"`"] = "action.yml's inputs"
	}
	for k := range action.Outputs {
		want["`"+k+"`"] = "action.yml's outputs"
	}
	if len(want) < 40 {
		t.Fatalf("only %d names found: the help or action.yml changed shape", len(want))
	}
	for w, from := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s (from %s) appears in no page of the README or docs/", w, from)
		}
	}
}
