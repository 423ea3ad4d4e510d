package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/rules"
)

// The cases of the hostile-repository issue, one test each: a repository
// is written by strangers, and nothing in it may exhaust memory, act as an
// instruction, or make a run pass on what it did not read.

func minifiedPattern(size int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"source":["aws.guardduty"],"detail":{"type":[`)
	for b.Len() < size {
		b.WriteString(`"Backdoor:EC2/XORDDOS",`)
	}
	b.WriteString(`"Backdoor:EC2/XORDDOS"]}}`)
	return b.Bytes()
}

// A one-line file full of retired types costs memory in proportion to the
// file, not to the file times its findings (each finding copied the whole
// line, and each position decoded the line from its start: for this file
// that was 4 MB times 182,000 findings).
func TestMinifiedLineIsLinear(t *testing.T) {
	dir := t.TempDir()
	src := minifiedPattern(4 << 20)
	write(t, filepath.Join(dir, "min.json"), src)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	code, stdout, stderr := lintDir(t, dir, "-f", "json", "min.json")
	runtime.ReadMemStats(&after)
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 100*uint64(len(src)) {
		t.Errorf("allocated %d MB for a %d MB file", alloc>>20, len(src)>>20)
	}
	var rep struct {
		Diagnostics []json.RawMessage
		Summary     struct{ Errors, NotListed int }
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	want := bytes.Count(src, []byte("Backdoor")) + 1 // and GDL004: the pattern never matches
	if rep.Summary.Errors != want || len(rep.Diagnostics) != rules.DefaultMaxPerRule+1 || rep.Summary.NotListed != want-rules.DefaultMaxPerRule-1 {
		t.Errorf("errors %d (want %d), listed %d, not listed %d", rep.Summary.Errors, want, len(rep.Diagnostics), rep.Summary.NotListed)
	}
	if !strings.Contains(stderr, "counted but not listed") {
		t.Errorf("no notice of the findings not listed:\n%s", stderr)
	}
	t.Logf("%d MB, %d findings in %v", len(src)>>20, want, time.Since(start))
}

// Past the first maxNotices, notices are counted, not kept.
func TestNoticesAreCapped(t *testing.T) {
	dir := t.TempDir()
	for i := range maxNotices + 20 {
		write(t, filepath.Join(dir, fmt.Sprintf("f%d.json", i)), []byte(`{"type": "Backdoor:EC2/XORDDOS"`))
	}
	_, stdout, _ := lintDir(t, dir, "-f", "json", ".")
	var rep struct {
		Notices []report.Notice
		Summary struct{ NoticesLeftOut int }
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Notices) != maxNotices || rep.Summary.NoticesLeftOut != 20 {
		t.Errorf("%d notices kept, %d left out", len(rep.Notices), rep.Summary.NoticesLeftOut)
	}
}

// workflowCommand is a line the GitHub runner would act on.
var workflowCommand = regexp.MustCompile(`(?m)^[ \t]*::|##\[`)

// File names and lines that hold workflow commands or terminal controls
// reach every output escaped.
func TestNothingBecomesACommand(t *testing.T) {
	dir := t.TempDir()
	names := []string{"a\n::stop-commands::x\n.tf", "##[add-mask]x.tf", "osc\x1b]8;;http://x\x07y\r.tf"}
	for _, n := range names {
		write(t, filepath.Join(dir, n), []byte(goodTF))
	}
	write(t, filepath.Join(dir, "notes.md"), []byte("::error file=x.tf::boom Backdoor:EC2/XORDDOS\n  ::warning::x ##[set-output]y UnauthorizedAccess:EC2/TorIPCaller\x1b[31m\n"))
	for _, format := range report.Names(nil) {
		code, stdout, stderr := lintDir(t, dir, "-f", format, "--log-level", "debug", ".")
		if strings.HasSuffix(format, "junit") || format == "checkstyle" {
			if err := xml.Unmarshal([]byte(stdout), new(struct{})); err != nil {
				t.Errorf("%s: not well-formed XML: %v\n%s", format, err, stdout)
			}
		}
		if code != ExitFindings {
			t.Fatalf("%s: exit %d: %s", format, code, stderr)
		}
		for name, out := range map[string]string{"stdout": stdout, "stderr": stderr} {
			check := out
			if format == "github" && name == "stdout" {
				// gdlint's own annotations: each line is one, with escaped values.
				var rest []string
				for _, l := range strings.Split(out, "\n") {
					if !regexp.MustCompile(`^::(error|warning|notice) (file|title)=`).MatchString(l) {
						rest = append(rest, l)
					}
				}
				check = strings.Join(rest, "\n")
				if strings.Contains(out, "##[") || strings.Contains(out, "\n::stop-commands") {
					t.Errorf("github: a command inside an annotation:\n%s", out)
				}
			}
			if m := workflowCommand.FindString(check); m != "" {
				t.Errorf("%s %s: a workflow command %q:\n%s", format, name, m, out)
			}
			if strings.ContainsAny(out, "\x1b\x07\r") {
				t.Errorf("%s %s: a raw control character:\n%q", format, name, out)
			}
		}
	}
}

// A .gdlint.yaml in a shared parent (here the test's temporary directory,
// as /tmp would be) never applies; inside a repository, the root's does.
func TestConfigStaysInTheProject(t *testing.T) {
	parent := t.TempDir()
	write(t, filepath.Join(parent, ".gdlint.yaml"), []byte("rules:\n  GDL001: off\n"))
	proj := filepath.Join(parent, "proj")
	write(t, filepath.Join(proj, "infra", "good.tf"), []byte(goodTF))
	code, _, _ := lintDir(t, proj, "infra")
	if code != ExitFindings {
		t.Errorf("outside a repository: a parent's config applied (exit %d)", code)
	}
	os.Mkdir(filepath.Join(proj, ".git"), 0o755)
	if code, _, _ := lintDir(t, filepath.Join(proj, "infra"), "."); code != ExitFindings {
		t.Errorf("inside a repository: a config above its root applied (exit %d)", code)
	}
	write(t, filepath.Join(proj, ".gdlint.yaml"), []byte("rules:\n  GDL001: off\n"))
	if code, _, stderr := lintDir(t, filepath.Join(proj, "infra"), "."); code != ExitClean {
		t.Errorf("the repository root's config did not apply (exit %d): %s", code, stderr)
	}
	for src, want := range map[string]string{
		"rules:\n  GDL001: off\n---\nrules: {}\n":  ".gdlint.yaml:3: a second YAML document",
		"rules:\n  GDL001: off\n  GDL001: error\n": `.gdlint.yaml:3: duplicate key "GDL001"`,
		"exclude: [a]\nrules: {}\nexclude: [b]\n":  `.gdlint.yaml:3: duplicate key "exclude"`,
	} {
		write(t, filepath.Join(proj, ".gdlint.yaml"), []byte(src))
		if code, _, stderr := lintDir(t, proj, "."); code != ExitError || !strings.Contains(stderr, want) {
			t.Errorf("%q: exit %d, stderr %q, want %q", src, code, stderr, want)
		}
	}
}

// Invalid JSON, JSON5 and templates with gdlint:ignore in them are linted,
// not skipped as an internal error.
func TestIgnoreInFilesWithoutATree(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "bad.json"), []byte("{\"a\": [\"Backdoor:EC2/XORDDOS\", // gdlint:ignore\n"))
	write(t, filepath.Join(dir, "bad.tf.json"), []byte("{\"a\": \"Backdoor:EC2/XORDDOS gdlint:ignore\""))
	write(t, filepath.Join(dir, "bad.template"), []byte("{\"gdlint:ignore\": [\"Backdoor:EC2/XORDDOS\""))
	write(t, filepath.Join(dir, "ok.json5"), []byte("{\n  // gdlint:ignore-file GDL001 -- samples\n  \"a\": [\"Backdoor:EC2/XORDDOS\"]\n}\n"))
	code, stdout, stderr := lintDir(t, dir, ".")
	if strings.Contains(stderr, "internal error") {
		t.Fatalf("internal error:\n%s", stderr)
	}
	for _, name := range []string{"bad.json", "bad.tf.json", "bad.template"} {
		if !strings.Contains(stdout, name+":1:") {
			t.Errorf("%s: its reference was lost:\n%s", name, stdout)
		}
	}
	if code != ExitFindings || strings.Contains(stdout, "ok.json5:3") || !strings.Contains(stdout, "1 suppressed") {
		t.Errorf("exit %d; the JSON5 ignore-file did not hold:\n%s", code, stdout)
	}
}

// Recording a baseline and then using it passes, from the root and from a
// subdirectory; rewriting it changes nothing; reports gdlint writes are
// never linted.
func TestBaselineRoundTrip(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	write(t, filepath.Join(dir, "infra", "good.tf"), []byte(goodTF))
	if code, _, stderr := lintDir(t, dir, "--write-baseline", ".gdlint-baseline.json", "."); code != ExitClean {
		t.Fatalf("write: exit %d: %s", code, stderr)
	}
	first, _ := os.ReadFile(filepath.Join(dir, ".gdlint-baseline.json"))
	if code, stdout, _ := lintDir(t, dir, "--baseline", ".gdlint-baseline.json", "-f", "sarif=out.sarif", "-f", "json=out.json", "."); code != ExitClean {
		t.Errorf("the baseline's own types were linted: exit %d\n%s", code, stdout)
	}
	if code, _, _ := lintDir(t, dir, "--baseline", ".gdlint-baseline.json", "-f", "json=out2.json", "."); code != ExitClean {
		t.Errorf("last run's reports were linted, or the baseline: exit %d", code)
	}
	lintDir(t, dir, "--baseline", ".gdlint-baseline.json", "--write-baseline", ".gdlint-baseline.json", ".")
	if again, _ := os.ReadFile(filepath.Join(dir, ".gdlint-baseline.json")); !bytes.Equal(first, again) {
		t.Errorf("rewriting the baseline changed it:\n%s\n%s", first, again)
	}
	if code, _, stderr := lintDir(t, filepath.Join(dir, "infra"), "--baseline", "../.gdlint-baseline.json", "."); code != ExitClean {
		t.Errorf("from a subdirectory the baseline did not match: exit %d: %s", code, stderr)
	}
	write(t, filepath.Join(dir, "garbage.json"), append(first, []byte("{}")...))
	if code, _, stderr := lintDir(t, dir, "--baseline", "garbage.json", "."); code != ExitError {
		t.Errorf("a baseline with trailing garbage: exit %d: %s", code, stderr)
	}
}

// Excludes hold for files named on the command line (pre-commit names them).
func TestExcludesApplyToNamedFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "legacy", "old.tf"), []byte(goodTF))
	write(t, filepath.Join(dir, ".gdlint.yaml"), []byte("exclude: [\"legacy/**\"]\n"))
	if code, stdout, _ := lintDir(t, dir, "legacy/old.tf"); code != ExitClean {
		t.Errorf("config exclude: exit %d\n%s", code, stdout)
	}
	os.Remove(filepath.Join(dir, ".gdlint.yaml"))
	if code, _, _ := lintDir(t, dir, "--exclude", "legacy/**", "legacy/old.tf"); code != ExitClean {
		t.Errorf("--exclude: exit %d", code)
	}
}

// A scan root that is a symlink to a directory is walked; links inside a
// tree stay unfollowed.
func TestSymlinkedRoot(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "real", "good.tf"), []byte(goodTF))
	if err := os.Symlink("real", filepath.Join(dir, "infra")); err != nil {
		t.Skip(err)
	}
	code, stdout, _ := lintDir(t, dir, "infra")
	if code != ExitFindings || !strings.Contains(stdout, "infra/good.tf:2:9:") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}

// What a run cannot do as asked is exit 2, with one line saying why.
func TestCannotDoWhatWasAsked(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "good.tf"), []byte(goodTF))
	for _, args := range [][]string{
		{"-f", "json=a.json", "-f", "sarif=a.json", "."},
		{"-o", "x", "-f", "sarif=x", "."},
		{"--config", "/dev/zero", "."},
		{"--baseline", "/dev/zero", "."},
		{"--config", ".", "."},
	} {
		code, _, stderr := lintDir(t, dir, args...)
		if code != ExitError || strings.Count(strings.TrimSpace(stderr), "\n") > 1 {
			t.Errorf("%q: exit %d: %s", args, code, stderr)
		}
	}
}

// --fix writes only what is safe to write, and says why it did not.
func TestFixWritesSafely(t *testing.T) {
	dir := t.TempDir()
	pattern := `{"source": ["aws.guardduty"], "detail": {"type": ["Backdoor:EC2/XORDDOS", "Recon:IAMUser/TorIPCaller"]}}` + "\n"
	for _, n := range []string{"ok.json", "ro.json", "linked.json", "changed.json", "outside/target.json"} {
		write(t, filepath.Join(dir, n), []byte(pattern))
	}
	os.Chmod(filepath.Join(dir, "ok.json"), 0o640|os.ModeSetgid)
	os.Chmod(filepath.Join(dir, "ro.json"), 0o444)
	os.Link(filepath.Join(dir, "linked.json"), filepath.Join(dir, "other-name"))
	proj := filepath.Join(dir, "proj")
	os.Mkdir(proj, 0o755)
	os.Symlink(filepath.Join(dir, "outside", "target.json"), filepath.Join(proj, "out.json"))
	write(t, filepath.Join(proj, "in-target.json"), []byte(pattern))
	os.Symlink("in-target.json", filepath.Join(proj, "in.json"))

	_, _, stderr := lintDir(t, dir, "--fix", "ok.json", "ro.json", "linked.json")
	for _, want := range []string{"ro.json: not fixed: the file is read-only", "linked.json: not fixed: the file has 2 hard links", "fixed 1 finding in 1 file"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("no %q:\n%s", want, stderr)
		}
	}
	if info, _ := os.Stat(filepath.Join(dir, "ok.json")); info.Mode()&(os.ModePerm|os.ModeSetgid) != 0o640|os.ModeSetgid {
		t.Errorf("mode %v, want g+s 0640", info.Mode())
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "ok.json")); bytes.Contains(b, []byte("Backdoor")) {
		t.Errorf("ok.json not fixed: %s", b)
	}
	_, _, stderr = lintDir(t, proj, "--fix", "out.json", "in.json")
	if !strings.Contains(stderr, "out.json: not fixed: it is a symlink to") {
		t.Errorf("a link out of the scan root was fixed:\n%s", stderr)
	}
	if info, _ := os.Lstat(filepath.Join(proj, "in.json")); info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link in the scan root was replaced by a file")
	}
	if b, _ := os.ReadFile(filepath.Join(proj, "in-target.json")); bytes.Contains(b, []byte("Backdoor")) {
		t.Errorf("the link's target was not fixed")
	}
}

// SIGTERM in the middle of a run leaves no temporary file behind.
func TestSignalLeavesNoTemporaryFiles(t *testing.T) {
	skipUnderRace(t)
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "gdlint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for i := range 8 {
		write(t, filepath.Join(dir, "tree", fmt.Sprintf("min%d.json", i)), minifiedPattern(16<<20))
	}
	cmd := exec.Command(bin, "--max-file-size", "64MiB", "-f", "sarif=report.sarif", "tree")
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m, _ := filepath.Glob(filepath.Join(dir, ".report.sarif.gdlint-*")); len(m) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no temporary report appeared")
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 143 {
		t.Errorf("exit: %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".report.sarif.gdlint-*")); len(m) > 0 {
		t.Errorf("left behind: %v", m)
	}
}

// CR-only line endings are line breaks; a UTF-32 file is read as UTF-32.
func TestOddEncodings(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "cr.tf"), []byte("locals {\r  a = [\"Backdoor:EC2/XORDDOS\"]\r}\r"))
	text := []rune("\uFEFF{\n  \"a\": [\"Backdoor:EC2/XORDDOS\"]\n}\n")
	u32 := make([]byte, 0, 4*len(text))
	for _, r := range text {
		u32 = append(u32, byte(r), byte(r>>8), byte(r>>16), byte(r>>24))
	}
	write(t, filepath.Join(dir, "u32.json"), u32)
	_, stdout, stderr := lintDir(t, dir, "--log-level", "info", ".")
	for _, want := range []string{"cr.tf:2:9: error", "u32.json:2:10: error"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %q:\n%s\n%s", want, stdout, stderr)
		}
	}
	if !strings.Contains(stderr, "u32.json: is UTF-32") {
		t.Errorf("UTF-32 not detected:\n%s", stderr)
	}
}

// A tab in a file name keeps --diff output usable by git apply.
func TestDiffWithOddNames(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	name := "a\tb \"q\".json"
	write(t, filepath.Join(dir, name), []byte(`{"source": ["aws.guardduty"], "detail": {"type": ["Backdoor:EC2/XORDDOS", "Recon:IAMUser/TorIPCaller"]}}`+"\n"))
	_, stdout, stderr := lintDir(t, dir, "--diff", ".")
	if !strings.Contains(stdout, `--- "a/a\tb \"q\".json"`) {
		t.Fatalf("names not quoted as git does:\n%s\n%s", stdout, stderr)
	}
	write(t, filepath.Join(dir, "fix.patch"), []byte(stdout))
	cmd := exec.Command(git, "apply", "fix.patch")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s", err, out)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, name)); bytes.Contains(b, []byte("Backdoor")) {
		t.Errorf("the patch did not apply the fix: %s", b)
	}
}
