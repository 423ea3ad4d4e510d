package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The release notes of a tag are its section of CHANGELOG.md, and a tag
// without one cannot be released: .ci/changelog-notes prints the section
// and fails when it is missing or empty, and the release workflow
// publishes what it prints.
func TestChangelogNotes(t *testing.T) {
	log := filepath.Join(t.TempDir(), "CHANGELOG.md")
	write(t, log, []byte("# Changelog\n\n## [Unreleased]\n\n- next\n\n"+
		"## [1.2.3] - 2027-01-31\n\n### Fixed\n\n- a crash\n\n"+
		"## [1.2.2] - 2026-12-31\n\n## [1.2.1] - 2026-12-01\n\n- first\n"))
	notes := func(version string) (string, error) {
		out, err := exec.Command("../../.ci/changelog-notes", version, log).CombinedOutput()
		return string(out), err
	}
	if got, err := notes("v1.2.3"); err != nil || got != "### Fixed\n\n- a crash\n" {
		t.Errorf("v1.2.3: %q, %v", got, err)
	}
	if got, err := notes("v1.2.1"); err != nil || got != "- first\n" {
		t.Errorf("v1.2.1 (the last section): %q, %v", got, err)
	}
	if got, err := notes("v1.2.2"); err == nil || !strings.Contains(got, "is empty") {
		t.Errorf("an empty section must fail: %q, %v", got, err)
	}
	if got, err := notes("v1.2.30"); err == nil || !strings.Contains(got, `no section "## [1.2.30]"`) {
		t.Errorf("a missing section must fail: %q, %v", got, err)
	}
	if got, err := notes("v1.2"); err == nil {
		t.Errorf("v1.2 is no section's prefix: %q", got)
	}
}

// CHANGELOG.md keeps Keep a Changelog's shape: an [Unreleased] section
// first, and every version section dated.
func TestChangelogShape(t *testing.T) {
	raw, err := os.ReadFile("../../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	heads := regexp.MustCompile(`(?m)^## .*$`).FindAllString(string(raw), -1)
	if len(heads) == 0 || heads[0] != "## [Unreleased]" {
		t.Fatalf("the first section must be ## [Unreleased]: %q", heads)
	}
	version := regexp.MustCompile(`^## \[\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\] - \d{4}-\d{2}-\d{2}$`)
	for _, h := range heads[1:] {
		if !version.MatchString(h) {
			t.Errorf("section %q: want ## [1.2.3] - YYYY-MM-DD", h)
		}
	}
	wf, err := os.ReadFile("../../.github/workflows/release.yml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(wf), `.ci/changelog-notes "$VERSION" > "$RUNNER_TEMP/notes.md"`) ||
		!strings.Contains(string(wf), `--notes-file "$RUNNER_TEMP/notes.md"`) {
		t.Error("release.yml must publish .ci/changelog-notes' output as the release notes")
	}
}
