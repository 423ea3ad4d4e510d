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
