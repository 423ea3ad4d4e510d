package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// --new-from-rev reports only findings on lines added or changed since
// the revision, new files whole; --new-from-merge-base counts from where a
// branch left its base. Real git makes the repository.
func TestNewFromRev(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	gitIn(t, dir, "init", "-q", "-b", "main")
	write(t, filepath.Join(dir, "infra", "old.tf"), []byte("locals {\n  a = [\"Backdoor:EC2/XORDDOS\"]\n  b = 1\n}\n"))
	gitIn(t, dir, "add", ".")
	gitIn(t, dir, "commit", "-q", "-m", "base")
	gitIn(t, dir, "checkout", "-q", "-b", "change")
	// A changed line, an untouched one, and a new file, committed on the
	// branch; a new untracked file too.
	write(t, filepath.Join(dir, "infra", "old.tf"), []byte("locals {\n  a = [\"Backdoor:EC2/XORDDOS\"]\n  b = [\"Recon:IAMUser/UserPermissions\"]\n}\n"))
	write(t, filepath.Join(dir, "infra", "new.tf"), []byte("locals {\n  c = [\"CryptoCurrency:EC2/BitcoinTool.A\"]\n}\n"))
	gitIn(t, dir, "add", ".")
	gitIn(t, dir, "commit", "-q", "-m", "change")
	write(t, filepath.Join(dir, "infra", "untracked.tf"), []byte("locals {\n  d = [\"Stealth:IAMUser/LoggingConfigurationModified\"]\n}\n"))

	for _, args := range [][]string{{"--new-from-rev", "main"}, {"--new-from-merge-base", "main"}} {
		code, stdout, stderr := lintDir(t, dir, append(args, "infra")...)
		if code != ExitFindings {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		for _, want := range []string{"infra/old.tf:3:", "infra/new.tf:2:", "infra/untracked.tf:2:", "; 1 on unchanged lines"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("%v: no %q:\n%s", args, want, stdout)
			}
		}
		if strings.Contains(stdout, "infra/old.tf:2:") {
			t.Errorf("%v: a finding on an unchanged line:\n%s", args, stdout)
		}
	}
	// With a baseline as well: recorded findings stay out, new lines or not.
	if code, _, stderr := lintDir(t, dir, "--write-baseline", "base.json", "infra"); code != ExitClean {
		t.Fatalf("write-baseline: %d %s", code, stderr)
	}
	if code, stdout, _ := lintDir(t, dir, "--baseline", "base.json", "--new-from-rev", "main", "infra"); code != ExitClean || !strings.Contains(stdout, "4 in the baseline") {
		t.Errorf("baseline and new-from-rev: exit %d\n%s", code, stdout)
	}
	os.Remove(filepath.Join(dir, "base.json"))
	// Since HEAD, only what is not committed yet.
	if _, stdout, _ := lintDir(t, dir, "--new-from-rev", "HEAD", "infra"); strings.Contains(stdout, "new.tf") || !strings.Contains(stdout, "untracked.tf") {
		t.Errorf("since HEAD:\n%s", stdout)
	}
	// main moves on: the merge base still counts the branch's own changes.
	gitIn(t, dir, "checkout", "-q", "main")
	write(t, filepath.Join(dir, "other.tf"), []byte("locals {}\n"))
	gitIn(t, dir, "add", "other.tf")
	gitIn(t, dir, "commit", "-q", "-m", "main moves")
	gitIn(t, dir, "checkout", "-q", "change")
	if _, stdout, _ := lintDir(t, dir, "--new-from-merge-base", "main", "infra"); !strings.Contains(stdout, "infra/old.tf:3:") {
		t.Errorf("from the merge base:\n%s", stdout)
	}
	for _, args := range [][]string{{"--new-from-rev", "nope"}, {"--new-from-rev", "main", "--new-from-merge-base", "main"}} {
		if code, _, stderr := lintDir(t, dir, append(args, "infra")...); code != ExitError || strings.Count(strings.TrimSpace(stderr), "\n") > 1 {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
	if code, _, stderr := lintDir(t, t.TempDir(), "--new-from-rev", "HEAD", "."); code != ExitError || !strings.Contains(stderr, "not in a git repository") {
		t.Errorf("outside a repository: exit %d: %s", code, stderr)
	}
}

// gitRepo is a repository on branch "change" off "main", whose main holds
// infra/old.tf with no retired type on its line 3.
func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	// gdlint's own git reads the user's config: make it this test's.
	t.Setenv("GIT_CONFIG_GLOBAL", "/dev/null")
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	dir := t.TempDir()
	gitIn(t, dir, "init", "-q", "-b", "main")
	write(t, filepath.Join(dir, "infra", "old.tf"), []byte("locals {\n  a = 1\n  b = 2\n  c = 3\n}\n"))
	gitIn(t, dir, "add", ".")
	gitIn(t, dir, "commit", "-q", "-m", "base")
	gitIn(t, dir, "checkout", "-q", "-b", "change")
	return dir
}

const newType = `["Backdoor:EC2/XORDDOS"]`

// Each of these once made a retired type on a changed line count as
// "unchanged": exit 0 over a finding. Each commits a change to line 3 of a
// file, or adds one, and wants the finding reported.
func TestNewFromRevSeesEveryChange(t *testing.T) {
	changeLine3 := "locals {\n  a = 1\n  b = " + newType + "\n  c = 3\n}\n"
	commit := func(t *testing.T, dir string) {
		gitIn(t, dir, "add", "-A")
		gitIn(t, dir, "commit", "-q", "-m", "change")
	}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string   // in stdout
		args  []string // default: --new-from-rev main infra
	}{
		{"attributes -diff", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, ".gitattributes"), []byte("*.tf -diff\n"))
			write(t, filepath.Join(dir, "infra", "old.tf"), []byte(changeLine3))
			commit(t, dir)
		}, "infra/old.tf:3:", nil},
		{"attributes binary", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "infra", ".gitattributes"), []byte("old.tf binary\n"))
			write(t, filepath.Join(dir, "infra", "old.tf"), []byte(changeLine3))
			commit(t, dir)
		}, "infra/old.tf:3:", nil},
		{"attributes textconv", func(t *testing.T, dir string) {
			gitIn(t, dir, "config", "diff.hide.textconv", "head -n 1")
			write(t, filepath.Join(dir, ".gitattributes"), []byte("*.tf diff=hide\n"))
			write(t, filepath.Join(dir, "infra", "old.tf"), []byte(changeLine3))
			commit(t, dir)
		}, "infra/old.tf:3:", nil},
		{"a 17 MiB line earlier in the diff", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "a-long.txt"), append(bytes.Repeat([]byte("x"), 17<<20), '\n'))
			write(t, filepath.Join(dir, "infra", "old.tf"), []byte(changeLine3))
			commit(t, dir)
		}, "infra/old.tf:3:", nil},
		{"a space in the path", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "infra", "new rules.tf"), []byte("locals {\n  b = "+newType+"\n}\n"))
			commit(t, dir)
		}, "infra/new rules.tf:2:", nil},
		{"user config", func(t *testing.T, dir string) {
			userConfig(t, "[diff]\n\tcontext = 5\n\tinterHunkContext = 9\n\talgorithm = patience\n\trelative = true\n"+
				"\tsubmodule = log\n\tignoreSubmodules = all\n[core]\n\tquotePath = false\n\tautocrlf = true\n")
			t.Setenv("GIT_DIFF_OPTS", "--unified=7")
			write(t, filepath.Join(dir, "infra", "old.tf"), []byte(changeLine3))
			commit(t, dir)
		}, "infra/old.tf:3:", nil},
		{"diff.noprefix", func(t *testing.T, dir string) {
			userConfig(t, "[diff]\n\tnoprefix = true\n")
			write(t, filepath.Join(dir, "infra", "old.tf"), []byte(changeLine3))
			commit(t, dir)
		}, "infra/old.tf:3:", nil},
		{"diff.mnemonicPrefix", func(t *testing.T, dir string) {
			userConfig(t, "[diff]\n\tmnemonicPrefix = true\n")
			write(t, filepath.Join(dir, "infra", "old.tf"), []byte(changeLine3))
		}, "infra/old.tf:3:", nil},
		{"diff.external and color", func(t *testing.T, dir string) {
			userConfig(t, "[diff]\n\texternal = true\n[color]\n\tdiff = always\n\tui = always\n")
			t.Setenv("GIT_EXTERNAL_DIFF", "true")
			write(t, filepath.Join(dir, "infra", "old.tf"), []byte(changeLine3))
			commit(t, dir)
		}, "infra/old.tf:3:", nil},
		{"a clean filter", func(t *testing.T, dir string) {
			// As Git LFS or git-crypt would, the filter stores something
			// else than the file: here its lines in reverse.
			gitIn(t, dir, "config", "filter.rev.clean", "tac")
			gitIn(t, dir, "config", "filter.rev.smudge", "tac")
			write(t, filepath.Join(dir, ".gitattributes"), []byte("*.tf filter=rev\n"))
			gitIn(t, dir, "add", "--renormalize", ".")
			commit(t, dir)
			gitIn(t, dir, "tag", "filtered")
			write(t, filepath.Join(dir, "infra", "old.tf"), []byte("locals {\n  a = 1\n  b = 2\n  c = "+newType+"\n}\n"))
			commit(t, dir)
		}, "infra/old.tf:4:", []string{"--new-from-rev", "filtered", "infra"}},
		{"a lone CR ends a line for gdlint, not for git", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "infra", "old.tf"), []byte("locals {\n  a = 1\n  b = 2 # \r  c = "+newType+"\n}\n"))
			commit(t, dir)
		}, "infra/old.tf:4:9: note", nil},
		{"UTF-16, where git splits lines at bytes that are not line feeds", func(t *testing.T, dir string) {
			// U+010A is 0A 01 in UTF-16LE: git's line 1 is 6 lines.
			text := "# \u010a\u010a\u010a\u010a\u010a\nlocals {\n  a = 1\n  b = 2\n}\n"
			write(t, filepath.Join(dir, "infra", "wide.tf"), utf16LE(text))
			commit(t, dir)
			gitIn(t, dir, "branch", "-f", "wide")
			write(t, filepath.Join(dir, "infra", "wide.tf"), utf16LE(strings.Replace(text, "b = 2", "b = "+newType, 1)))
			commit(t, dir)
		}, "infra/wide.tf:4:", []string{"--new-from-rev", "wide", "infra"}},
		{"the ident attribute", func(t *testing.T, dir string) {
			// git reads "$Id: anything $" as "$Id$": the file is unchanged
			// to git diff, whatever is between.
			write(t, filepath.Join(dir, "infra", "old.tf"), []byte("locals {\n  a = 1\n  b = [\"$Id$\"]\n}\n"))
			commit(t, dir)
			gitIn(t, dir, "branch", "-f", "ident")
			write(t, filepath.Join(dir, ".gitattributes"), []byte("*.tf ident\n"))
			commit(t, dir)
			write(t, filepath.Join(dir, "infra", "old.tf"), []byte("locals {\n  a = 1\n  b = [\"$Id: x\", \"Backdoor:EC2/XORDDOS\", \"y $\"]\n}\n"))
			if out, _ := exec.Command("git", "-C", dir, "diff", "--stat", "ident", "--", "infra/old.tf").Output(); len(out) != 0 {
				t.Fatalf("git sees a change: %s", out)
			}
		}, "infra/old.tf:3:", []string{"--new-from-rev", "ident", "infra"}},
		{"assume-unchanged", func(t *testing.T, dir string) {
			gitIn(t, dir, "update-index", "--assume-unchanged", "infra/old.tf")
			write(t, filepath.Join(dir, "infra", "old.tf"), []byte(changeLine3))
		}, "infra/old.tf:3:", nil},
		{"skip-worktree", func(t *testing.T, dir string) {
			gitIn(t, dir, "update-index", "--skip-worktree", "infra/old.tf")
			write(t, filepath.Join(dir, "infra", "old.tf"), []byte(changeLine3))
		}, "infra/old.tf:3:", nil},
		{"a symlink named on the command line", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "infra", "old.tf"), []byte(changeLine3))
			commit(t, dir)
			if err := os.Symlink("infra", filepath.Join(dir, "link")); err != nil {
				t.Skip(err)
			}
		}, "link/old.tf:3:", []string{"--new-from-rev", "main", "link"}},
		{"a link that became a file", func(t *testing.T, dir string) {
			if err := os.Symlink("old.tf", filepath.Join(dir, "infra", "link.tf")); err != nil {
				t.Skip(err)
			}
			commit(t, dir)
			gitIn(t, dir, "branch", "-f", "linked")
			os.Remove(filepath.Join(dir, "infra", "link.tf"))
			write(t, filepath.Join(dir, "infra", "link.tf"), []byte("locals {\n  b = "+newType+"\n}\n"))
			commit(t, dir)
		}, "infra/link.tf:2:", []string{"--new-from-rev", "linked", "infra"}},
		{"an ignored file", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, ".gitignore"), []byte("*.local.tf\n"))
			commit(t, dir)
			write(t, filepath.Join(dir, "infra", "x.local.tf"), []byte("locals {\n  b = "+newType+"\n}\n"))
		}, "infra/x.local.tf:2:", nil},
		{"an untracked directory", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "infra", "vendored", "x.tf"), []byte("locals {\n  b = "+newType+"\n}\n"))
			gitIn(t, filepath.Join(dir, "infra", "vendored"), "init", "-q")
		}, "infra/vendored/x.tf:2:", nil},
		{"a submodule moved", func(t *testing.T, dir string) {
			sub := t.TempDir()
			gitIn(t, sub, "init", "-q", "-b", "main")
			write(t, filepath.Join(sub, "m.tf"), []byte("locals {\n  a = 1\n}\n"))
			gitIn(t, sub, "add", ".")
			gitIn(t, sub, "commit", "-q", "-m", "one")
			gitIn(t, dir, "checkout", "-q", "main")
			gitIn(t, dir, "-c", "protocol.file.allow=always", "submodule", "add", "-q", sub, "infra/mod")
			commit(t, dir)
			gitIn(t, dir, "checkout", "-q", "change")
			gitIn(t, dir, "merge", "-q", "main")
			write(t, filepath.Join(sub, "m.tf"), []byte("locals {\n  a = "+newType+"\n}\n"))
			gitIn(t, sub, "commit", "-q", "-am", "two")
			gitIn(t, filepath.Join(dir, "infra", "mod"), "pull", "-q", "origin", "main")
			commit(t, dir)
		}, "infra/mod/m.tf:2:", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := gitRepo(t)
			tc.setup(t, dir)
			args := tc.args
			if args == nil {
				args = []string{"--new-from-rev", "main", "infra"}
			}
			code, stdout, stderr := lintDir(t, dir, args...)
			if !strings.Contains(stdout, tc.want) || code != ExitFindings && !strings.Contains(tc.want, "note") {
				t.Errorf("exit %d, want %d and %q:\n%s%s", code, ExitFindings, tc.want, stdout, stderr)
			}
		})
	}
}

// userConfig makes text the user's git config for gdlint's git.
func userConfig(t *testing.T, text string) {
	cfg := filepath.Join(t.TempDir(), "gitconfig")
	write(t, cfg, []byte(text))
	t.Setenv("GIT_CONFIG_GLOBAL", cfg)
}

// A revision is never an option of git's: --independent, --octopus and
// --fork-point once reached git merge-base, which then printed HEAD, and
// every committed change counted as unchanged.
func TestNewFromRevOptionsAreNotRevisions(t *testing.T) {
	dir := gitRepo(t)
	write(t, filepath.Join(dir, "infra", "old.tf"), []byte("locals {\n  a = 1\n  b = "+newType+"\n}\n"))
	gitIn(t, dir, "commit", "-q", "-am", "change")
	out := filepath.Join(dir, "written")
	for _, args := range [][]string{
		{"--new-from-merge-base", "--independent"}, {"--new-from-merge-base", "--octopus"},
		{"--new-from-merge-base", "--fork-point"}, {"--new-from-merge-base", "--all"},
		{"--new-from-rev", "--output=" + out}, {"--new-from-merge-base", "--output=" + out},
		{"--new-from-rev", "-p"}, {"--new-from-rev", "HEAD:infra/old.tf"}, {"--new-from-rev", "main^{tree}"},
	} {
		code, stdout, stderr := lintDir(t, dir, append(args, "infra")...)
		if code != ExitError || strings.Count(strings.TrimSpace(stderr), "\n") > 0 || stdout != "" {
			t.Errorf("%v: exit %d, want %d and one line:\n%s%s", args, code, ExitError, stdout, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a revision wrote %s", out)
	}
}

// Run from a subdirectory, paths are the working directory's and git's
// the root's; a file outside the repository is not git's to judge, and
// counts whole.
func TestNewFromRevWhereItRuns(t *testing.T) {
	dir := gitRepo(t)
	write(t, filepath.Join(dir, "infra", "old.tf"), []byte("locals {\n  a = "+newType+"\n  b = "+newType+"\n}\n"))
	gitIn(t, dir, "commit", "-q", "-am", "change")
	outside := t.TempDir()
	write(t, filepath.Join(outside, "x.tf"), []byte("locals {\n  a = "+newType+"\n}\n"))
	code, stdout, stderr := lintDir(t, filepath.Join(dir, "infra"), "--new-from-rev", "main", "old.tf", filepath.Join(outside, "x.tf"))
	if code != ExitFindings || !strings.Contains(stdout, "old.tf:2:") || !strings.Contains(stdout, "old.tf:3:") || !strings.Contains(stdout, "x.tf:2:") {
		t.Errorf("exit %d:\n%s%s", code, stdout, stderr)
	}
	// Standard input is not the work tree: git cannot say what changed.
	t.Chdir(dir)
	var out, errb bytes.Buffer
	c := &Command{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
		Stdin: strings.NewReader("locals {\n\n\n  d = " + newType + "\n}\n")}
	if code := c.Main([]string{"--new-from-rev", "main", "--stdin-filename", "infra/old.tf", "-"}); code != ExitError {
		t.Errorf("standard input: exit %d:\n%s%s", code, out.String(), errb.String())
	}
}

// utf16LE is text in UTF-16LE with a byte-order mark.
func utf16LE(text string) []byte {
	out := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(text)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}
