package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// compactTree has an error, a warning and a note, one of them after
// Japanese text, where byte and character columns differ.
func compactTree(t *testing.T) string {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "m.tf"), []byte("# Recon:IAMUser/UserPermissions\nlocals {\n  a = \"日本 Backdoor:EC2/XORDDOS\"\n}\n"))
	write(t, filepath.Join(dir, "sub", "p.json"), []byte(`{"source": ["aws.guardduty"], "detail": {"type": [{"anything-but": ["Backdoor:EC2/XORDDOS"]}]}}`+"\n"))
	return dir
}

// compactWant is each finding of compactTree as the compact format places
// it: path, line, byte column, level, rule.
var compactWant = []string{
	"m.tf|1|3|note|GDL001",
	"m.tf|3|15|error|GDL001",
	"sub/p.json|1|70|warning|GDL001",
}

// editorsDoc returns the first fenced block of docs/guide/editors.md whose info
// string is lang.
func editorsDoc(t *testing.T, lang string) string {
	t.Helper()
	raw, err := os.ReadFile("../../docs/guide/editors.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```" + lang + "\n(.*?)```").FindStringSubmatch(string(raw))
	if m == nil {
		t.Fatalf("docs/guide/editors.md has no %s block", lang)
	}
	return m[1]
}

// The VS Code problem matcher of docs/guide/editors.md reads every line of the
// compact format: file, line, column, severity, message and rule. (VS Code
// runs the regexp as JavaScript; this one means the same in RE2.)
func TestCompactProblemMatcher(t *testing.T) {
	var tasks struct {
		Tasks []struct {
			ProblemMatcher struct {
				Pattern struct {
					Regexp                                      string
					File, Line, Column, Severity, Message, Code int
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(editorsDoc(t, "json")), &tasks); err != nil || len(tasks.Tasks) != 1 {
		t.Fatalf("docs/guide/editors.md's tasks.json: %v", err)
	}
	p := tasks.Tasks[0].ProblemMatcher.Pattern
	re := regexp.MustCompile(p.Regexp)
	dir := compactTree(t)
	_, out, stderr := lintDir(t, dir, "-f", "compact", ".")
	if stderr != "" {
		t.Fatal(stderr)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		m := re.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("the problem matcher does not read %q", line)
			continue
		}
		if !strings.Contains(m[p.Message], "Backdoor:EC2/XORDDOS") && !strings.Contains(m[p.Message], "Recon:IAMUser/UserPermissions") {
			t.Errorf("message %q", m[p.Message])
		}
		got = append(got, strings.Join([]string{m[p.File], m[p.Line], m[p.Column], m[p.Severity], m[p.Code]}, "|"))
	}
	if strings.Join(got, "\n") != strings.Join(compactWant, "\n") {
		t.Errorf("problem matcher read:\n%s\nwant:\n%s\noutput:\n%s", strings.Join(got, "\n"), strings.Join(compactWant, "\n"), out)
	}
}

// Vim, with the makeprg and errorformat of docs/guide/editors.md, fills its
// quickfix list from :make: each finding at its file, line and byte
// column, with its kind and message.
func TestCompactInVimQuickfix(t *testing.T) {
	skipUnderRace(t)
	vim, err := exec.LookPath("vim")
	if err != nil {
		t.Skip("vim is not installed")
	}
	if v, err := exec.Command(vim, "--version").Output(); err != nil || !strings.Contains(string(v), "+quickfix") {
		t.Skip("this vim has no quickfix")
	}
	bin := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "gdlint"), ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	args := []string{"-u", "NONE", "-i", "NONE", "-N", "-es"}
	for _, line := range strings.Split(editorsDoc(t, "vim"), "\n") {
		if strings.HasPrefix(line, "setlocal ") {
			args = append(args, "-c", line)
		}
	}
	if len(args) != 10 {
		t.Fatalf("want the makeprg and errorformat lines in docs/guide/editors.md: %q", args)
	}
	qf := filepath.Join(t.TempDir(), "qf")
	args = append(args, "-c", "silent make",
		"-c", `call writefile(map(getqflist(), {_, e -> bufname(e.bufnr)."|".e.lnum."|".e.col."|".e.type."|".e.text}), "`+qf+`")`,
		"-c", "qa!")
	cmd := exec.Command(vim, args...)
	cmd.Dir = compactTree(t)
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("vim: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(qf)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		f := strings.SplitN(e, "|", 5)
		if len(f) != 5 || !strings.Contains(f[4], " was retired by GuardDuty") || !strings.HasSuffix(f[4], "[GDL001]") {
			t.Errorf("quickfix entry %q", e)
			continue
		}
		kind := map[string]string{"e": "error", "w": "warning", "n": "note"}[f[3]]
		got = append(got, strings.Join([]string{f[0], f[1], f[2], kind, "GDL001"}, "|"))
	}
	if strings.Join(got, "\n") != strings.Join(compactWant, "\n") {
		t.Errorf("quickfix:\n%s\nwant:\n%s", raw, strings.Join(compactWant, "\n"))
	}
}
