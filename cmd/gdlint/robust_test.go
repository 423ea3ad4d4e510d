package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/internal/testkit"
)

// Each test here puts one kind of hostile input in a tree next to an
// ordinary file with a finding, and checks that gdlint says something clear
// about the hostile one and still reports the ordinary one.

const goodTF = "locals {\n  a = [\"Backdoor:EC2/XORDDOS\"]\n}\n"

func lintDir(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	c := &Command{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code = c.Main(args)
	return code, out.String(), errb.String()
}

func write(t *testing.T, path string, data []byte) { testkit.Write(t, path, data) }

func wantGoodFinding(t *testing.T, stdout string) {
	t.Helper()
	if !strings.Contains(stdout, "good.tf:2:9: error: Backdoor:EC2/XORDDOS") {
		t.Errorf("the rest of the tree was not scanned:\n%s", stdout)
	}
}

// A 200 MB single-line JSON file is over the default size cap: skipped
// with a notice, without reading it.
func TestHugeFileIsSkipped(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "good.tf"), []byte(goodTF))
	big := filepath.Join(dir, "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: 200 MB that take no disk.
	if _, err := f.WriteString(`{"detail": {"type": ["`); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(200 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	code, stdout, stderr := lintDir(t, dir, ".")
	if code != ExitFindings || !strings.Contains(stderr, "big.json: file is 209715200 bytes, over --max-file-size (33554432); skipped") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	wantGoodFinding(t, stdout)
	// The cap is configurable.
	_, _, stderr = lintDir(t, dir, "--max-file-size", "1KiB", ".")
	if !strings.Contains(stderr, "over --max-file-size (1024)") {
		t.Errorf("--max-file-size 1KiB: %s", stderr)
	}
}

// A long single line is read, and the finding far into it is exact; the
// text output shows a window of the line, not megabytes of it.
func TestLongSingleLine(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(`{"items": [`)
	for i := range 200000 {
		fmt.Fprintf(&b, `{"n": %d, "t": "Recon:IAMUser/TorIPCaller"},`, i)
	}
	b.WriteString(`{"t": "Backdoor:EC2/XORDDOS"}]}`)
	write(t, filepath.Join(dir, "line.json"), []byte(b.String()))
	_, stdout, _ := lintDir(t, dir, ".")
	col := strings.Index(b.String(), "Backdoor") + 1
	if !strings.Contains(stdout, fmt.Sprintf("line.json:1:%d: error: Backdoor:EC2/XORDDOS", col)) {
		t.Errorf("finding not at 1:%d:\n%.500s", col, stdout)
	}
	if len(stdout) > 2000 {
		t.Errorf("the text report printed %d bytes for one finding", len(stdout))
	}
}

// A UTF-16 or UTF-32 file with a byte-order mark is converted and
// scanned, also when it is longer than the head a binary file is known by
// (its NULs are not a binary file's).
func TestUTF16File(t *testing.T) {
	dir := t.TempDir()
	text := "{\n  \"日本\": [\"Backdoor:EC2/XORDDOS\"]\n}\n"
	long := text + strings.Repeat(" ", 3*8000) + "\n"
	encode := func(s string, width int, le bool) []byte {
		var buf []byte
		for _, r := range "\uFEFF" + s {
			var units []uint32
			if width == 2 {
				for _, u := range utf16.Encode([]rune{r}) {
					units = append(units, uint32(u))
				}
			} else {
				units = []uint32{uint32(r)}
			}
			for _, u := range units {
				b := make([]byte, width)
				for i := range width {
					shift := 8 * i
					if !le {
						shift = 8 * (width - 1 - i)
					}
					b[i] = byte(u >> shift)
				}
				buf = append(buf, b...)
			}
		}
		return buf
	}
	cases := map[string]string{}
	for _, c := range []struct {
		name  string
		width int
		le    bool
		enc   string
	}{{"le", 2, true, "UTF-16"}, {"be", 2, false, "UTF-16"}, {"le32", 4, true, "UTF-32"}, {"be32", 4, false, "UTF-32"}} {
		for size, src := range map[string]string{"": text, "-long": long} {
			name := c.name + size + ".json"
			write(t, filepath.Join(dir, name), encode(src, c.width, c.le))
			cases[name] = c.enc
		}
	}
	_, stdout, stderr := lintDir(t, dir, "--log-level", "info", ".")
	for name, enc := range cases {
		if !strings.Contains(stdout, name+":2:11: error: Backdoor:EC2/XORDDOS") {
			t.Errorf("%s: finding not reported at 2:11:\n%s", name, stdout)
		}
		if !strings.Contains(stderr, name+": is "+enc+"; read as UTF-8") {
			t.Errorf("%s: no notice:\n%s", name, stderr)
		}
	}
}

// A binary file is known by a NUL in its first 8,000 bytes, and skipped
// with a warning however long it is; a NUL further on does not make a
// file binary.
func TestBinaryFiles(t *testing.T) {
	dir := t.TempDir()
	rule := "Backdoor:EC2/XORDDOS\n"
	write(t, filepath.Join(dir, "short.json"), []byte("\x00"+rule))
	write(t, filepath.Join(dir, "long.yaml"), []byte("\x89PNG\x00"+rule+strings.Repeat("x", 100_000)))
	write(t, filepath.Join(dir, "late.txt"), []byte(rule+strings.Repeat("x", 9000)+"\x00"+rule))
	_, stdout, stderr := lintDir(t, dir, "--format", "compact", ".")
	for _, name := range []string{"short.json", "long.yaml"} {
		if !strings.Contains(stderr, name+": looks binary (has a NUL byte); skipped") {
			t.Errorf("%s: no notice:\n%s", name, stderr)
		}
		if strings.Contains(stdout, name) {
			t.Errorf("%s: linted:\n%s", name, stdout)
		}
	}
	if strings.Count(stdout, "late.txt:") != 2 {
		t.Errorf("late.txt: want both references, the one past the NUL too:\n%s", stdout)
	}
}

// 10,000 findings in one file, and SARIF past GitHub's 25,000 results.
func TestManyFindings(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("locals {\n  a = [\n")
	for range 10000 {
		b.WriteString("    \"Backdoor:EC2/XORDDOS\",\n")
	}
	b.WriteString("  ]\n}\n")
	write(t, filepath.Join(dir, "one.tf"), []byte(b.String()))
	for i := range 2 {
		write(t, filepath.Join(dir, fmt.Sprintf("copy%d.tf", i)), []byte(b.String()))
	}
	code, stdout, _ := lintDir(t, dir, "--format", "json", "one.tf")
	var rep struct {
		Summary struct{ Errors int } `json:"summary"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || code != ExitFindings || rep.Summary.Errors != 10000 {
		t.Errorf("exit %d, %d errors, %v", code, rep.Summary.Errors, err)
	}
	_, stdout, _ = lintDir(t, dir, "--format", "sarif", ".")
	levels, notes := testkit.ReadSARIF(t, []byte(stdout))
	if levels["error"] != report.SARIFResultCap {
		t.Errorf("%d SARIF results, want GitHub's %d", levels["error"], report.SARIFResultCap)
	}
	if len(notes) == 0 || !strings.HasPrefix(notes[0], "5000 of 30000 results left out") {
		t.Errorf("no notification of what was left out: %q", notes)
	}
}

// Unreadable files and directories, checked as an unprivileged user: root
// reads everything, and CI runs as root.
func TestUnreadableAsUnprivilegedUser(t *testing.T) {
	skipUnderRace(t)
	setpriv, err := exec.LookPath("setpriv")
	if os.Geteuid() != 0 || err != nil {
		t.Skip("needs root and setpriv to drop to an unprivileged user (testdata/script/bad_input.txtar covers it as non-root)")
	}
	dir, err := os.MkdirTemp("", "gdlint-unreadable-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "gdlint")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	write(t, filepath.Join(dir, "tree", "good.tf"), []byte(goodTF))
	write(t, filepath.Join(dir, "tree", "locked.tf"), []byte(goodTF))
	write(t, filepath.Join(dir, "tree", "lockeddir", "x.tf"), []byte(goodTF))
	for _, p := range []string{"tree", "tree/good.tf"} {
		os.Chmod(filepath.Join(dir, p), 0o755)
	}
	os.Chmod(filepath.Join(dir, "tree", "locked.tf"), 0o000)
	os.Chmod(filepath.Join(dir, "tree", "lockeddir"), 0o000)
	cmd := exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", bin, "tree")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != ExitFindings {
		t.Fatalf("exit: %v\n%s", err, stderr.String())
	}
	for _, want := range []string{"tree/locked.tf: cannot read: permission denied", "tree/lockeddir: cannot read: permission denied"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("no notice %q:\n%s", want, stderr.String())
		}
	}
	wantGoodFinding(t, stdout.String())
}
