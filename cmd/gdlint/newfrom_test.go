package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
