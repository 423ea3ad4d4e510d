package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

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
	Suppressed              int // findings an ignore directive suppressed
	Baselined               int // findings the baseline holds
	Fixed                   int // findings --fix fixed
	Notices                 []Notice
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

// destination is where a report goes: stdout, or a file replaced
// atomically when the report is complete (a temporary file in the same
// directory, synced, given the old file's permissions, renamed).
type destination struct {
	*bufio.Writer
	tmp  *os.File
	path string
}

func openDestination(path string, stdout io.Writer) (*destination, error) {
	if path == "" {
		return &destination{Writer: bufio.NewWriterSize(stdout, 64<<10)}, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".gdlint-*")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %v", path, unwrapPathError(err))
	}
	return &destination{Writer: bufio.NewWriterSize(tmp, 64<<10), tmp: tmp, path: path}, nil
}

// commit flushes the report and, for a file, puts it in place. With ok
// false a file's partial report is removed and the old file stays.
func (d *destination) commit(ok bool) error {
	err := d.Flush()
	if d.tmp == nil {
		return err
	}
	defer os.Remove(d.tmp.Name()) // a no-op once renamed
	if err == nil {
		err = d.tmp.Sync()
	}
	if cerr := d.tmp.Close(); err == nil {
		err = cerr
	}
	if !ok {
		return err
	}
	mode := os.FileMode(0o644)
	if info, serr := os.Stat(d.path); serr == nil {
		mode = info.Mode().Perm()
	}
	if err == nil {
		err = os.Chmod(d.tmp.Name(), mode)
	}
	if err == nil {
		err = os.Rename(d.tmp.Name(), d.path)
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", d.path, unwrapPathError(err))
	}
	return nil
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
