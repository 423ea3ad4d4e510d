package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/internal/report"
)

// TestFormatsAreComplete holds report.Formats, the one table of formats,
// to what a format needs besides its row: a test that runs it (a golden
// case here, or a consumer test in consumers_test.go), a line in --help,
// and a description in docs/guide/formats.md (as **name**). It fails for a
// format added to the table and nowhere else.
func TestFormatsAreComplete(t *testing.T) {
	consumers, err := os.ReadFile("consumers_test.go")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../../docs/guide/formats.md")
	if err != nil {
		t.Fatal(err)
	}
	docs := string(raw)
	for _, f := range report.Formats {
		tested := regexp.MustCompile(`(reportOf\(t, \w+, |lintDir\(.*"-f", )"` + regexp.QuoteMeta(f.Name) + `"`).Match(consumers)
		for _, tc := range goldenCases {
			tested = tested || strings.Contains(" "+strings.Join(tc.args, " ")+" ", " --format "+f.Name+" ")
		}
		if !tested {
			t.Errorf("format %s has no golden case (goldenCases) and no consumer test (reportOf or lintDir with -f in consumers_test.go)", f.Name)
		}
		if !regexp.MustCompile(`(?m)^ {26}.*\b` + regexp.QuoteMeta(f.Name) + `\b`).MatchString(formatHelp()) {
			t.Errorf("format %s is not in --help's --format lines:\n%s", f.Name, formatHelp())
		}
		if !strings.Contains(usageText(), formatHelp()) {
			t.Error("--help does not hold the --format lines")
		}
		if !strings.Contains(docs, "**"+f.Name+"**") {
			t.Errorf("format %s is not described (as **%s**) in docs/guide/formats.md", f.Name, f.Name)
		}
		if _, err := report.New(f.Name, &strings.Builder{}, report.Options{}); err != nil {
			t.Errorf("format %s: %v", f.Name, err)
		}
	}
	if _, err := report.New("nonesuch", &strings.Builder{}, report.Options{}); err == nil {
		t.Error("report.New made a writer of an unknown format")
	}
}

// gdlint aws offers exactly the formats the table marks Live, and says
// which when another is asked for.
func TestAWSFormatsFromTheTable(t *testing.T) {
	for _, f := range report.Formats {
		_, _, err := parseAWSFlags([]string{"--format", f.Name})
		if f.Live != (err == nil) {
			t.Errorf("gdlint aws --format %s: %v (Live %v)", f.Name, err, f.Live)
		}
		if err != nil && !strings.Contains(err.Error(), "use text or json") {
			t.Errorf("gdlint aws --format %s: %v", f.Name, err)
		}
	}
	if !strings.Contains(awsUsageText(), "text or json (default text)") {
		t.Errorf("gdlint aws --help does not name its formats:\n%s", awsUsageText())
	}
}
