package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/gdlint/gdlint/rules"
)

// Report is the run's summary. Findings are not kept in it: they stream
// through the sinks file by file, so memory stays flat however many there
// are.
type Report struct {
	Version string
	Root    string // absolute working directory, for SARIF's %SRCROOT%
	Files   int    // files read

	Errors, Warnings, Notes int
	Suppressed              int      // findings an ignore directive suppressed
	Baselined               int      // findings the baseline holds
	Fixed                   int      // findings --fix fixed
	Unlisted                int      // findings counted above but over a rule's per-file cap
	Notices                 []Notice // the first maxNotices
	NoticesLeft             int      // notices past those, counted
}

// Total is the number of findings reported.
func (r *Report) Total() int { return r.Errors + r.Warnings + r.Notes }

func (r *Report) count(fs []Finding) {
	for _, f := range fs {
		switch f.Diag.Level {
		case rules.LevelError:
			r.Errors++
		case rules.LevelWarning:
			r.Warnings++
		case rules.LevelNote:
			r.Notes++
		}
	}
}

// A sink writes one report. It receives each file's findings in walk order
// (within a file, by position), then the summary.
type sink interface {
	add(fs []Finding) error
	finish(rep *Report) error
}

func newSink(format string, w io.Writer, color bool, version string) (sink, error) {
	switch format {
	case "json":
		return newJSONSink(w, version)
	case "sarif":
		return newSARIFSink(w, sarifResultCap), nil
	case "github":
		return &githubSink{w: w}, nil
	case "markdown":
		return &markdownSink{w: w}, nil
	}
	return &textSink{w: w, color: color}, nil
}

// destination is where a report (or a fixed file, or a baseline) goes:
//
//   - stdout, when path is "";
//   - a regular file, or a name that does not exist yet: a temporary file
//     in the same directory, synced, given the old file's mode and (as
//     root) owner, then renamed over it, so a reader sees the old file or
//     the whole new one and never a part;
//   - anything else that exists (a FIFO, a device such as /dev/null or
//     /dev/stdout, a socket): written to as it is, never replaced;
//   - a symlink: whatever it resolves to, as above; the link stays a link.
type destination struct {
	*bufio.Writer
	tmp    *os.File // the temporary file of an atomic write
	direct *os.File // a file written through
	path   string   // the file finally written: a symlink's target
	shown  string   // the name the user gave
	guard  *guardWriter
}

func openDestination(path string, stdout io.Writer) (*destination, error) {
	if path == "" {
		return &destination{Writer: bufio.NewWriterSize(stdout, 64<<10)}, nil
	}
	d := &destination{path: path, shown: path}
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

func (d *destination) errorf(err error) error {
	return fmt.Errorf("cannot write %s: %v", d.shown, unwrapPathError(err))
}

// commit flushes the report and, for a file, puts it in place. With ok
// false a file's partial report is removed and the old file stays.
func (d *destination) commit(ok bool) error {
	var err error
	if d.guard != nil {
		err = d.guard.Flush()
	}
	if ferr := d.Flush(); err == nil {
		err = ferr
	}
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

// removeAll removes every temporary file, and keeps new ones from being
// made in its place: it is called just before the process exits.
func (t *tempSet) removeAll() {
	t.mu.Lock()
	for name := range t.names {
		os.Remove(name)
	}
	t.names = map[string]bool{}
	// Held for good: a writer that would add a file now waits for exit.
}

// byLevel keeps findings per level, most severe first when read back, up
// to a total cap: past it, the least severe and latest finding is dropped.
// Kept findings are read back in their original order.
type byLevel struct {
	cap     int
	seq     int
	kept    [rules.LevelError + 1][]kept
	total   int
	dropped [rules.LevelError + 1]int
}

type kept struct {
	seq int
	v   any
}

// admits reports whether a finding of level l would be kept; when it
// would not, it counts it as dropped, and the caller need not build it.
func (b *byLevel) admits(l rules.Level) bool {
	if b.total < b.cap {
		return true
	}
	for lv := rules.LevelNote; lv < l; lv++ {
		if len(b.kept[lv]) > 0 {
			return true
		}
	}
	b.dropped[l]++
	return false
}

func (b *byLevel) add(l rules.Level, v any) {
	b.kept[l] = append(b.kept[l], kept{b.seq, v})
	b.seq++
	b.total++
	if b.total <= b.cap {
		return
	}
	for lv := rules.LevelNote; lv <= rules.LevelError; lv++ {
		if n := len(b.kept[lv]); n > 0 {
			b.kept[lv] = b.kept[lv][:n-1]
			b.dropped[lv]++
			b.total--
			return
		}
	}
}

// inOrder returns what was kept, in the order it was added.
func (b *byLevel) inOrder() []any {
	var all []kept
	for _, k := range b.kept {
		all = append(all, k...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
	out := make([]any, len(all))
	for i, k := range all {
		out[i] = k.v
	}
	return out
}

func (b *byLevel) droppedTotal() int {
	n := 0
	for _, d := range b.dropped {
		n += d
	}
	return n
}
