//go:build unix

package files

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gdlint/gdlint/internal/testkit"
)

func write(t *testing.T, path string, data []byte) { testkit.Write(t, path, data) }

// A FIFO opened as a file does not block the run (it is opened with
// O_NONBLOCK, then refused by fstat).
func TestReadDoesNotBlockOnFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "x.tf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Read(fifo, 1<<20, nil)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("got %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("readFile blocked on a FIFO")
	}
}

// /sys files report a size of 4096 and hold less: a file shorter than its
// stat is read as it is, with no error.
func TestReadShorterThanStat(t *testing.T) {
	const sysFile = "/sys/kernel/mm/transparent_hugepage/enabled"
	if info, err := os.Stat(sysFile); err == nil && info.Size() > 0 {
		b, err := Read(sysFile, 1<<20, nil)
		if err != nil || int64(len(b)) >= info.Size() || len(b) == 0 {
			t.Errorf("Read(%s) = %d bytes, %v (stat says %d)", sysFile, len(b), err, info.Size())
		}
	}
}

// A write under failure leaves every file either fully old or fully new.
func TestWriteAtomicFailures(t *testing.T) {
	dir := t.TempDir()
	// A read-only file is replaced whole and stays read-only.
	ro := filepath.Join(dir, "ro.tf")
	write(t, ro, []byte("a = [\"Backdoor:EC2/XORDDOS\", \"x\"]\n"))
	if err := os.Chmod(ro, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := WriteAtomic(ro, []byte("a = [\"x\"]\n")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(ro); string(b) != "a = [\"x\"]\n" {
		t.Errorf("content %q", b)
	}
	if info, _ := os.Stat(ro); info.Mode().Perm() != 0o444 {
		t.Errorf("mode %v, want 0444", info.Mode().Perm())
	}
	// When the rename fails (here the target is a non-empty directory, which
	// not even root can replace; a full disk fails the write before it),
	// the old content stays and no temporary file is left behind.
	target := filepath.Join(dir, "target.tf")
	write(t, filepath.Join(target, "keep"), []byte("old"))
	if err := WriteAtomic(target, []byte("new")); err == nil {
		t.Fatal("no error replacing a directory")
	}
	if b, err := os.ReadFile(filepath.Join(target, "keep")); err != nil || string(b) != "old" {
		t.Errorf("old content changed: %q %v", b, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".gdlint-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
	// A directory that does not exist: an error, nothing created.
	if err := WriteAtomic(filepath.Join(dir, "missing", "x.tf"), []byte("x")); err == nil {
		t.Error("no error writing into a missing directory")
	}
}
