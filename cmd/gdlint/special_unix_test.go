//go:build unix

package main

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// FIFOs and sockets are reported and skipped; nothing blocks on them.
func TestSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "good.tf"), []byte(goodTF))
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.tf"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("unix", filepath.Join(dir, "sock.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, stdout, stderr := lintDir(t, dir, ".")
	for _, want := range []string{"pipe.tf: not a regular file", "sock.yaml: not a regular file"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("no notice %q:\n%s", want, stderr)
		}
	}
	wantGoodFinding(t, stdout)
	// Named on the command line, a FIFO is still not opened, and the run
	// fails: it was asked to read something it cannot.
	code, stdout, stderr := lintDir(t, dir, "pipe.tf", "good.tf")
	if code != ExitError || !strings.Contains(stderr, "pipe.tf: not a regular file") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	wantGoodFinding(t, stdout) // what it could read, it still reports
}

// Reports are written through what is not a regular file, and through
// symlinks, never replacing them.
func TestReportsNeverClobber(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "good.tf"), []byte(goodTF))
	write(t, filepath.Join(dir, "real.sarif"), nil)
	os.Symlink("real.sarif", filepath.Join(dir, "link.sarif"))
	fifo := filepath.Join(dir, "report.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	got := make(chan []byte)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- b
	}()
	lintDir(t, dir, "-f", "json="+fifo, "-f", "sarif=link.sarif", "good.tf")
	if b := <-got; !bytes.Contains(b, []byte(`"schemaVersion":1`)) {
		t.Errorf("nothing came through the FIFO: %q", b)
	}
	if info, err := os.Lstat(fifo); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v", info.Mode())
	}
	if info, _ := os.Lstat(filepath.Join(dir, "link.sarif")); info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced by a file")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "real.sarif")); !bytes.Contains(b, []byte(`"version":"2.1.0"`)) {
		t.Errorf("the symlink's target was not written")
	}
}

// A directory the walk cannot read (here a name past the system's path
// limit, which only a relative walk could reach) is counted as skipped in
// the summary, not only noticed: "no problems found in 1 file" would read
// as a clean run over everything.
func TestUnreadableDirectoryIsSkipped(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "good.tf"), []byte("locals {}\n"))
	// Each step is made relative to the last, so no single call sees a
	// path longer than PATH_MAX; the walk joins them and cannot.
	t.Chdir(dir)
	name := strings.Repeat("d", 250)
	for range 20 {
		if err := os.Mkdir(name, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chdir(name); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile("deep.tf", []byte(`locals { a = "Backdoor:EC2/XORDDOS" }`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := lintDir(t, dir, "-f", "text", "-f", "json=../out.json", ".")
	if code != 0 || !strings.Contains(stdout, "no problems found in 1 file (1 skipped: unreadable, too large or binary)") {
		t.Errorf("exit %d, want 0 with one file read and one skipped:\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "file name too long") {
		t.Errorf("no notice of the unreadable directory:\n%s", stderr)
	}
	out, err := os.ReadFile(filepath.Join(dir, "..", "out.json"))
	if err != nil || !bytes.Contains(out, []byte(`"skipped":1,`)) {
		t.Errorf("the JSON summary does not count the skipped directory (%v):\n%s", err, out)
	}
}
