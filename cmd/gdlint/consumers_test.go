package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// reviewTree is a tree with an error, a note after Japanese text (so byte
// and character columns differ) and a fixable pattern.
func reviewTree(t *testing.T) string {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "m.tf"), []byte("# Recon:IAMUser/UserPermissions 日本\nlocals {\n  a = \"日本 Backdoor:EC2/XORDDOS\"\n}\n"))
	write(t, filepath.Join(dir, "p.json"), []byte(`{"source": ["aws.guardduty"], "detail": {"type": ["Backdoor:EC2/XORDDOS", "Recon:IAMUser/TorIPCaller"]}}`+"\n"))
	return dir
}

func reportOf(t *testing.T, dir, format string) []byte {
	t.Helper()
	_, stdout, stderr := lintDir(t, dir, "-f", format, "--fail-on", "never", ".")
	if stderr != "" {
		t.Fatalf("%s: %s", format, stderr)
	}
	return []byte(stdout)
}

// reviewdog (v0.21.0, built here, never part of gdlint's build) reads the
// rdjson and checkstyle reports: every finding, at its byte column, with
// its level, and the fix as a suggestion.
func TestReviewdogReadsReports(t *testing.T) {
	skipUnderRace(t)
	if testing.Short() {
		t.Skip("builds reviewdog")
	}
	bin := t.TempDir()
	cmd := exec.Command("go", "install", "github.com/reviewdog/reviewdog/cmd/reviewdog@v0.21.0")
	cmd.Env = append(os.Environ(), "GOBIN="+bin, "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building reviewdog: %v\n%s", err, out)
	}
	dir := reviewTree(t)
	reviewdog := func(format string, report []byte) string {
		cmd := exec.Command(filepath.Join(bin, "reviewdog"), "-f="+format, "-reporter=local", "-filter-mode=nofilter", "-fail-level=none")
		cmd.Dir, cmd.Stdin = dir, bytes.NewReader(report)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("reviewdog -f=%s: %v\n%s", format, err, out)
		}
		return string(out)
	}
	got := reviewdog("checkstyle", reportOf(t, dir, "checkstyle"))
	for _, want := range []string{
		"m.tf:1:3: info: Recon:IAMUser/UserPermissions was retired",
		"m.tf:3:15: error: Backdoor:EC2/XORDDOS was retired",
		"p.json:1:52: error: Backdoor:EC2/XORDDOS was retired",
		"(gdlint.GDL001)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("reviewdog -f=checkstyle did not print %q:\n%s", want, got)
		}
	}
	got = reviewdog("rdjson", reportOf(t, dir, "rdjson"))
	for _, want := range []string{
		`path:"m.tf"  range:{start:{line:3  column:15}  end:{line:3  column:35}}}  severity:ERROR`,
		`path:"m.tf"  range:{start:{line:1  column:3}  end:{line:1  column:32}}}  severity:INFO`,
		`code:{value:"GDL001"  url:"https://github.com/gdlint/gdlint/blob/main/docs/rules/GDL001.md"}`,
		`suggestions:{range:{start:{line:1  column:51}  end:{line:1  column:75}}}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("reviewdog -f=rdjson did not print %q:\n%s", want, got)
		}
	}
}

// GitLab's Code Quality report has the fields GitLab requires, GitLab's
// severities, and fingerprints that do not change when lines move.
func TestGitLabCodeQuality(t *testing.T) {
	dir := reviewTree(t)
	type issue struct {
		Description, CheckName, Fingerprint, Severity string
		Location                                      struct {
			Path  string
			Lines struct{ Begin int }
		}
	}
	read := func() []issue {
		var is []issue
		raw := reportOf(t, dir, "gitlab")
		if err := json.Unmarshal(bytes.ReplaceAll(raw, []byte(`"check_name"`), []byte(`"checkname"`)), &is); err != nil {
			t.Fatalf("%v\n%s", err, raw)
		}
		return is
	}
	before := read()
	if len(before) < 3 {
		t.Fatalf("%d issues", len(before))
	}
	severities := map[string]bool{"info": true, "minor": true, "major": true, "critical": true, "blocker": true}
	for _, is := range before {
		if is.Description == "" || !strings.HasPrefix(is.CheckName, "GDL") || len(is.Fingerprint) != 32 ||
			!severities[is.Severity] || is.Location.Path == "" || is.Location.Lines.Begin < 1 {
			t.Errorf("incomplete issue %+v", is)
		}
	}
	src, _ := os.ReadFile(filepath.Join(dir, "m.tf"))
	write(t, filepath.Join(dir, "m.tf"), append([]byte("\n\n# moved down\n"), src...))
	after := read()
	for i := range before {
		if before[i].Fingerprint != after[i].Fingerprint || after[i].Location.Lines.Begin == before[i].Location.Lines.Begin && after[i].Location.Path == "m.tf" {
			t.Errorf("moving lines changed a fingerprint, or did not move the line: %+v -> %+v", before[i], after[i])
		}
	}
}

// junitOf is the JUnit report of dir at a --fail-on level.
func junitOf(t *testing.T, dir, failOn string) []byte {
	t.Helper()
	_, stdout, stderr := lintDir(t, dir, "-f", "junit", "--fail-on", failOn, ".")
	if stderr != "" {
		t.Fatalf("junit: %s", stderr)
	}
	return []byte(stdout)
}

// The JUnit report is well-formed XML, with a test case per finding,
// failed when the finding fails the run (at or above --fail-on) and
// passing otherwise, and a passing one for a clean run.
func TestJUnitReport(t *testing.T) {
	type junit struct {
		Suites []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Cases    []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Type    string `xml:"type,attr"`
					Message string `xml:"message,attr"`
				} `xml:"failure"`
				Out string `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	var r junit
	if err := xml.Unmarshal(junitOf(t, reviewTree(t), "note"), &r); err != nil {
		t.Fatal(err)
	}
	failures := 0
	for _, s := range r.Suites {
		for _, c := range s.Cases {
			if c.Failure == nil || c.Failure.Message == "" {
				t.Errorf("%s: no failure", c.Name)
			}
			failures++
		}
		if s.Tests != len(s.Cases) || s.Failures != len(s.Cases) {
			t.Errorf("suite %s counts %d/%d for %d cases", s.Name, s.Tests, s.Failures, len(s.Cases))
		}
	}
	if failures < 3 {
		t.Errorf("%d failures", failures)
	}
	// At --fail-on error the note in the tree is a passing case.
	var e junit
	if err := xml.Unmarshal(junitOf(t, reviewTree(t), "error"), &e); err != nil {
		t.Fatal(err)
	}
	failed, passed := 0, 0
	for _, s := range e.Suites {
		n := 0
		for _, c := range s.Cases {
			switch {
			case c.Failure != nil && c.Failure.Type == "error":
				failed++
				n++
			case c.Failure == nil && strings.Contains(c.Out, ": note: "):
				passed++
			default:
				t.Errorf("%s: failure %+v, output %q", c.Name, c.Failure, c.Out)
			}
		}
		if s.Failures != n {
			t.Errorf("suite %s counts %d failures for %d", s.Name, s.Failures, n)
		}
	}
	if failed == 0 || passed == 0 || failed+passed != failures {
		t.Errorf("at --fail-on error: %d failed, %d passed, of %d", failed, passed, failures)
	}
	// junit2json, the JUnit reader behind several CI report actions, reads
	// the same suites, counts and failures.
	if npx, err := exec.LookPath("npx"); err == nil && !testing.Short() {
		file := filepath.Join(t.TempDir(), "junit.xml")
		os.WriteFile(file, junitOf(t, reviewTree(t), "error"), 0o644)
		out, err := exec.Command(npx, "--yes", "junit2json@3", file).Output()
		if err != nil {
			t.Fatalf("junit2json: %v", err)
		}
		var read struct {
			Testsuite []struct {
				Tests, Failures int
				Testcase        []struct {
					Failure []struct{ Type, Message string }
				}
			}
		}
		if err := json.Unmarshal(out, &read); err != nil {
			t.Fatalf("junit2json printed %s: %v", out, err)
		}
		n := 0
		for _, s := range read.Testsuite {
			sf := 0
			for _, c := range s.Testcase {
				if len(c.Failure) == 1 && c.Failure[0].Message != "" {
					sf++
				}
			}
			if s.Tests != len(s.Testcase) || s.Failures != sf {
				t.Errorf("junit2json read counts %d/%d for %d cases, %d failed", s.Tests, s.Failures, len(s.Testcase), sf)
			}
			n += sf
		}
		if n != failed {
			t.Errorf("junit2json read %d failures, want %d", n, failed)
		}
	} else {
		t.Log("no npx: junit2json not tried")
	}
	clean := t.TempDir()
	write(t, filepath.Join(clean, "ok.tf"), []byte("locals {}\n"))
	var c junit
	if err := xml.Unmarshal(junitOf(t, clean, "error"), &c); err != nil || len(c.Suites) != 1 || c.Suites[0].Cases[0].Failure != nil {
		t.Errorf("a clean run is not one passing case: %+v %v", c, err)
	}
}

// The reviewdog recipe of docs/guide/pull-requests.md works: its
// "gdlint … | reviewdog …" line, run with the real reviewdog and the local
// reporter in place of GitHub's, reports the finding on the line a pull
// request added, with gdlint's fix as a suggestion, and leaves out the one
// on a line it did not touch; -fail-level=error fails the job for it.
func TestReviewdogRecipe(t *testing.T) {
	skipUnderRace(t)
	if testing.Short() {
		t.Skip("builds reviewdog")
	}
	raw, err := os.ReadFile("../../docs/guide/pull-requests.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^ +(gdlint --format rdjson .*) \|\n +(reviewdog .*)$`).FindStringSubmatch(string(raw))
	if m == nil {
		t.Fatal("docs/guide/pull-requests.md has no gdlint | reviewdog line")
	}
	pipeline := m[1] + " | " + strings.Replace(m[2], "-reporter=github-pr-review", "-reporter=local", 1) + ` -diff="git diff HEAD~1"`
	bin := t.TempDir()
	for pkg, dir := range map[string]string{"github.com/reviewdog/reviewdog/cmd/reviewdog@v0.21.0": "", ".": "."} {
		cmd := exec.Command("go", "install", pkg)
		if dir != "" {
			cmd = exec.Command("go", "build", "-o", filepath.Join(bin, "gdlint"), ".")
		}
		cmd.Env = append(os.Environ(), "GOBIN="+bin, "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("building %s: %v\n%s", pkg, err, out)
		}
	}
	dir := t.TempDir()
	pattern := `{"source": ["aws.guardduty"], "detail": {"type": ["Backdoor:EC2/XORDDOS", "Recon:IAMUser/TorIPCaller"]}}` + "\n"
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	write(t, filepath.Join(dir, "old.json"), []byte(pattern))
	git("add", ".")
	git("commit", "-qm", "base")
	write(t, filepath.Join(dir, "new.json"), []byte(pattern))
	git("add", ".")
	git("commit", "-qm", "the pull request")
	cmd := exec.Command("bash", "-o", "pipefail", "-c", pipeline)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Errorf("%s: %v, want exit 1 (an error on an added line)\n%s", pipeline, err, out)
	}
	got := string(out)
	for _, want := range []string{
		`path:"new.json"`,
		`severity:ERROR`,
		`suggestions:{range:{start:{line:1  column:51}  end:{line:1  column:75}}}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("reviewdog did not print %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "old.json") {
		t.Errorf("a finding on a line the pull request did not touch was posted:\n%s", got)
	}
}
