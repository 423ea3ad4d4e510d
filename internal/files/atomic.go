package files

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// File is where a report, a fixed file or a baseline goes: Open it, write
// it, and Commit it. What writing means depends on what the path is:
//
//   - stdout, when path is "";
//   - a regular file, or a name that does not exist yet: a temporary file
//     in the same directory, synced, given the old file's mode and (as
//     root) owner, then renamed over it, so a reader sees the old file or
//     the whole new one and never a part;
//   - anything else that exists (a FIFO, a device such as /dev/null or
//     /dev/stdout, a socket): written to as it is, never replaced;
//   - a symlink: whatever it resolves to, as above; the link stays a link.
type File struct {
	*bufio.Writer
	tmp    *os.File // the temporary file of an atomic write
	direct *os.File // a file written through
	path   string   // the file finally written: a symlink's target
	shown  string   // the name the user gave
	done   bool     // committed already
}

// Open opens path for writing, or stdout when path is "".
func Open(path string, stdout io.Writer) (*File, error) {
	if path == "" {
		return &File{Writer: bufio.NewWriterSize(stdout, 64<<10)}, nil
	}
	d := &File{path: path, shown: path}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		d.path = real
	} else if info, lerr := os.Lstat(path); lerr == nil && info.Mode()&os.ModeSymlink != 0 {
		// A dangling link: create its target through it.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
		if err != nil {
			return nil, d.errorf(err)
		}
		d.direct, d.Writer = f, bufio.NewWriterSize(f, 64<<10)
		return d, nil
	}
	if info, err := os.Stat(d.path); err == nil && !info.Mode().IsRegular() {
		if info.IsDir() {
			return nil, fmt.Errorf("cannot write %s: is a directory", path)
		}
		f, err := os.OpenFile(d.path, os.O_WRONLY, 0)
		if err != nil {
			return nil, d.errorf(err)
		}
		d.direct, d.Writer = f, bufio.NewWriterSize(f, 64<<10)
		return d, nil
	}
	tmp, err := tempFiles.create(filepath.Dir(d.path), "."+filepath.Base(d.path)+".gdlint-*")
	if err != nil {
		return nil, d.errorf(err)
	}
	d.tmp, d.Writer = tmp, bufio.NewWriterSize(tmp, 64<<10)
	return d, nil
}

func (d *File) errorf(err error) error {
	return fmt.Errorf("cannot write %s: %v", d.shown, UnwrapPathError(err))
}

// Commit flushes what was written and, for a file, puts it in place. With
// ok false a file's partial content is removed and the old file stays.
// Commit after a Commit does nothing.
func (d *File) Commit(ok bool) error {
	if d.done {
		return nil
	}
	d.done = true
	err := d.Flush()
	if d.direct != nil {
		if cerr := d.direct.Close(); err == nil && cerr != nil && !errors.Is(cerr, os.ErrClosed) {
			err = cerr
		}
		if err != nil {
			return d.errorf(err)
		}
		return nil
	}
	if d.tmp == nil {
		return err
	}
	defer func() {
		os.Remove(d.tmp.Name()) // a no-op once renamed
		tempFiles.remove(d.tmp.Name())
	}()
	if err == nil {
		err = d.tmp.Sync()
	}
	if cerr := d.tmp.Close(); err == nil && !errors.Is(cerr, os.ErrClosed) {
		err = cerr
	}
	if !ok {
		return err
	}
	mode := os.FileMode(0o644)
	info, serr := os.Stat(d.path)
	if serr == nil {
		mode = info.Mode() & (os.ModePerm | os.ModeSetuid | os.ModeSetgid | os.ModeSticky)
	}
	if err == nil {
		err = os.Chmod(d.tmp.Name(), mode)
	}
	if err == nil && serr == nil {
		err = keepOwner(d.tmp.Name(), info)
	}
	if err == nil {
		err = os.Rename(d.tmp.Name(), d.path)
	}
	if err != nil {
		return d.errorf(err)
	}
	return nil
}

// tempFiles are the temporary files being written, removed on SIGINT or
// SIGTERM so that an interrupted run leaves none behind.
var tempFiles = &tempSet{names: map[string]bool{}}

type tempSet struct {
	mu    sync.Mutex
	names map[string]bool
}

// create makes a temporary file and records it under one lock, so that
// a signal between the two cannot leave it unrecorded.
func (t *tempSet) create(dir, pattern string) (*os.File, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f, err := os.CreateTemp(dir, pattern)
	if err == nil {
		t.names[f.Name()] = true
	}
	return f, err
}

func (t *tempSet) remove(name string) {
	t.mu.Lock()
	delete(t.names, name)
	t.mu.Unlock()
}

// RemoveTemporaries removes every temporary file being written, and keeps
// new ones from being made: call it just before the process exits on a
// signal.
func RemoveTemporaries() { tempFiles.removeAll() }

func (t *tempSet) removeAll() {
	t.mu.Lock()
	for name := range t.names {
		os.Remove(name)
	}
	t.names = map[string]bool{}
	// Held for good: a writer that would add a file now waits for exit.
}

// WriteAtomic replaces path with data so that a reader sees either the old
// file or the whole new one, never a part: it goes through File (temporary
// file, sync, the old permissions, rename). (github.com/google/renameio
// does this too but has no Windows build, and gdlint ships for Windows.)
func WriteAtomic(path string, data []byte) error {
	d, err := Open(path, nil)
	if err != nil {
		return err
	}
	if _, err := d.Write(data); err != nil {
		_ = d.Commit(false)
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	return d.Commit(true)
}
