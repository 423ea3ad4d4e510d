//go:build unix

package main

import (
	"net"
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
