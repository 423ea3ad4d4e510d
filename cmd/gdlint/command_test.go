package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestColorEnabled(t *testing.T) {
	env := func(noColor string) func(string) string {
		return func(k string) string {
			if k == "NO_COLOR" {
				return noColor
			}
			return ""
		}
	}
	var buf bytes.Buffer // not a terminal
	for _, tc := range []struct {
		color, noColor string
		want           bool
	}{
		{"auto", "", false},   // not a terminal
		{"auto", "1", false},  // NO_COLOR
		{"always", "1", true}, // an explicit flag wins over the environment
		{"always", "", true},
		{"never", "", false},
	} {
		c := &Command{Getenv: env(tc.noColor)}
		if got := c.colorEnabled(&options{color: tc.color}, &buf); got != tc.want {
			t.Errorf("color=%s NO_COLOR=%q: got %v, want %v", tc.color, tc.noColor, got, tc.want)
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1": 1, "10B": 10, "2KiB": 2048, "32MiB": 32 << 20, "1GiB": 1 << 30,
		"4MB": 4 << 20, "2K": 2048, "2kib": 2048, "3m": 3 << 20, "1G": 1 << 30} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "lots", "1TB", "MiB", "K", "1.5MB"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) should fail", in)
		}
	}
}

// Everything after "--" is a path, however it looks; a "--" that is a
// flag's value does not end the flags.
func TestDashDashEndsFlags(t *testing.T) {
	for _, tt := range []struct {
		args  []string
		paths []string
		out   string
	}{
		{[]string{"--", "--config=evil.yaml", "-o", "x"}, []string{"--config=evil.yaml", "-o", "x"}, ""},
		{[]string{"a", "--format", "json", "--", "--fix"}, []string{"a", "--fix"}, ""},
		{[]string{"-o", "--", "b"}, []string{"b"}, "--"},
		{[]string{"--fix", "--", "c"}, []string{"c"}, ""},
	} {
		o, err := parseFlags(tt.args)
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if !reflect.DeepEqual(o.paths, tt.paths) || o.output != tt.out {
			t.Errorf("%q: paths %q output %q, want %q %q", tt.args, o.paths, o.output, tt.paths, tt.out)
		}
	}
}

// --no-fast-readers and GDLINT_NO_FAST_READERS=1 change how files are read,
// never what is found.
func TestNoFastReadersFindsTheSame(t *testing.T) {
	t.Chdir("../..")
	run := func(env string, args ...string) string {
		var out bytes.Buffer
		c := &Command{Stdout: &out, Stderr: &bytes.Buffer{}, Getenv: func(k string) string {
			if k == "GDLINT_NO_FAST_READERS" {
				return env
			}
			return ""
		}}
		c.Main(append(args, "-f", "json", "testdata"))
		return out.String()
	}
	want := run("")
	if !strings.Contains(want, `"rule":"GDL001"`) {
		t.Fatalf("no findings in testdata:\n%s", want)
	}
	if got := run("", "--no-fast-readers"); got != want {
		t.Error("--no-fast-readers changed the findings")
	}
	if got := run("1"); got != want {
		t.Error("GDLINT_NO_FAST_READERS=1 changed the findings")
	}
	if c := (&Command{Getenv: func(string) string { return "1" }}); !c.parseOptions(&options{}).NoFastReaders {
		t.Error("GDLINT_NO_FAST_READERS=1 did not turn the fast readers off")
	}
}

// An unknown flag is shown as typed, with the closest flag suggested.
func TestUnknownFlagSuggests(t *testing.T) {
	for args, want := range map[string]string{
		"--fail-onn never":  "unknown flag --fail-onn: did you mean --fail-on?",
		"-formt json":       "unknown flag -formt: did you mean --format?",
		"--max-filesize=1K": "unknown flag --max-filesize: did you mean --max-file-size?",
		"--zzz":             "unknown flag --zzz",
	} {
		_, err := parseFlags(strings.Fields(args))
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %q", args, err, want)
		}
	}
}

// A working directory that no longer exists is a one-line error and exit
// 2, whether the config is looked for from it or named: the run never goes
// on with an empty directory where the repository root should be.
func TestWorkingDirectoryGone(t *testing.T) {
	other := t.TempDir()
	cfg := filepath.Join(other, "gdlint.yaml")
	if err := os.WriteFile(cfg, []byte("fail-on: error\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{other}, {"-c", cfg, other}} {
		dir := t.TempDir()
		gone := filepath.Join(dir, "gone")
		if err := os.Mkdir(gone, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Chdir(gone)
		if err := os.Remove(gone); err != nil {
			t.Fatal(err)
		}
		t.Setenv("PWD", "")
		var stdout, stderr bytes.Buffer
		c := &Command{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
		if code := c.Main(args); code != ExitError || !strings.Contains(stderr.String(), "cannot tell the working directory") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr.String())
		}
	}
}

// The job summary links a finding to the repository's file only when the
// runner's three variables are all set and well formed.
func TestBlobURL(t *testing.T) {
	const sha = "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct {
		server, repo, sha, want string
	}{
		{"https://github.com", "o/r", sha, "https://github.com/o/r/blob/" + sha + "/"},
		{"https://ghe.example:8443/", "o/r", sha, "https://ghe.example:8443/o/r/blob/" + sha + "/"},
		{"", "", "", ""},
		{"", "o/r", sha, ""},
		{"https://github.com", "", sha, ""},
		{"https://github.com", "o/r", "", ""},
		{"ftp://github.com", "o/r", sha, ""},
		{"https://github.com", "o", sha, ""},
		{"https://github.com", "o/r", sha[:39], ""},
	} {
		env := map[string]string{"GITHUB_SERVER_URL": tc.server, "GITHUB_REPOSITORY": tc.repo, "GITHUB_SHA": tc.sha}
		c := &Command{Getenv: func(k string) string { return env[k] }}
		if got := c.blobURL(); got != tc.want {
			t.Errorf("%q %q %q: %q, want %q", tc.server, tc.repo, tc.sha, got, tc.want)
		}
	}
}
