package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdlint/gdlint/internal/config"
)

// gdlint init writes a config that loads and keeps test paths' sample
// events as notes, and never overwrites one.
func TestInit(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	c := &Command{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if code := c.Main([]string{"init"}); code != ExitClean {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	cfg, err := config.Load(".gdlint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Overrides) == 0 || cfg.PolicyFor(filepath.Join(dir, "tests", "event.json")).Levels["GDL001"].String() != "note" {
		t.Errorf("the written config does not make tests/ notes: %+v", cfg.Overrides)
	}
	os.WriteFile("other.yaml", []byte("mine\n"), 0o644)
	if code := c.Main([]string{"init", "other.yaml"}); code != ExitError || !strings.Contains(errb.String(), "already exists") {
		t.Errorf("init overwrote a file: exit %d, %s", code, errb.String())
	}
	if b, _ := os.ReadFile("other.yaml"); string(b) != "mine\n" {
		t.Errorf("other.yaml is now %q", b)
	}
}

// The completion scripts complete subcommands, flags and flag values in
// the real shells. zsh and fish are tried where they are installed (.ci/run
// installs them).
func TestCompletion(t *testing.T) {
	skipUnderRace(t)
	script := func(shell string) string {
		var out bytes.Buffer
		c := &Command{Stdout: &out, Stderr: &bytes.Buffer{}, Getenv: func(string) string { return "" }}
		if code := c.Main([]string{"completion", shell}); code != ExitClean {
			t.Fatalf("completion %s: exit %d", shell, code)
		}
		p := filepath.Join(t.TempDir(), "gdlint."+shell)
		os.WriteFile(p, out.Bytes(), 0o644)
		return p
	}
	run := func(shell string, args ...string) string {
		cmd := exec.Command(shell, args...)
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", shell, err, out)
		}
		return string(out)
	}
	cases := []struct{ words, cword, want string }{
		{`gdlint --fail-o`, "1", "--fail-on"},
		{`gdlint --fail-on ""`, "2", "error warning note never"},
		{`gdlint -f s`, "2", "sarif"},
		{`gdlint ex`, "1", "explain"},
		{`gdlint a`, "1", "aws"},
		{`gdlint -`, "1", "-o"},
		{`gdlint -`, "1", "-c"},
		{`gdlint -`, "1", "-h"},
		{`gdlint -`, "1", "--help"},
		{`gdlint -c con`, "2", "conf.yaml"},
		{`gdlint -o con`, "2", "conf.yaml"},
	}
	t.Chdir(t.TempDir()) // the file completions find conf.yaml here
	write(t, "conf.yaml", nil)
	for _, shell := range []string{"bash", "zsh"} {
		if _, err := exec.LookPath(shell); err != nil {
			t.Logf("no %s: not tried", shell)
			continue
		}
		p := script(shell)
		setup := "source " + p + ";"
		if shell == "zsh" {
			setup += " setopt ksharrays;" // as bashcompinit runs the function
		}
		for _, tc := range cases {
			got := run(shell, "-c", setup+" COMP_WORDS=("+tc.words+"); COMP_CWORD="+tc.cword+"; _gdlint; echo \"${COMPREPLY[@]}\"")
			if !strings.Contains(got, tc.want) {
				t.Errorf("%s: %s completes to %q, want %q", shell, tc.words, got, tc.want)
			}
		}
	}
	if _, err := exec.LookPath("fish"); err != nil {
		t.Log("no fish: not tried")
		return
	}
	p := script("fish")
	for line, want := range map[string]string{
		"gdlint --fail-on ": "never", "gdlint --fail-": "--fail-on", "gdlint ": "explain", "gdlint a": "aws",
		"gdlint -": "-c\n-f\n-h\n-o\n", "gdlint -f ": "compact", "gdlint -c con": "conf.yaml", "gdlint -o con": "conf.yaml",
	} {
		if got := run("fish", "-c", "source "+p+"; complete -C'"+line+"'"); !strings.Contains(got, want) {
			t.Errorf("fish: %q completes to %q, want %q", line, got, want)
		}
	}
}

// What init, catalog and explain print about a name the user gave (a file
// name, a config path) reaches the terminal with its control characters
// escaped, as every other message does.
func TestSubcommandMessagesAreClean(t *testing.T) {
	t.Chdir(t.TempDir())
	evil := "x\x1b]0;owned\x07\x1b[2J.yaml"
	for _, args := range [][]string{
		{"init", evil}, {"init", evil}, // wrote it; then: it already exists
		{"init", "nodir/" + evil},
		{"catalog", "--config", evil + ".missing"},
		{"explain", "GDL001", "--config", evil + ".missing"},
		{"explain", "Backdoor:EC2/XORDDOS", "--config", "nodir/" + evil},
	} {
		var out, errb bytes.Buffer
		c := &Command{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
		c.Main(args)
		if strings.ContainsAny(out.String()+errb.String(), "\x1b\x07") {
			t.Errorf("gdlint %q printed a control character:\n%q\n%q", args, out.String(), errb.String())
		}
	}
}
