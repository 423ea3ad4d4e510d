// Package driver runs a linter over the files a command line names: it
// walks, reads each file once, lints in a bounded pool of workers, makes
// each diagnostic a placed report.Finding at the level the policy says,
// applies fixes (atomically, and only where that is safe), and hands the
// results back in walk order. It knows disks and the rules' API; it knows
// nothing of flags, report formats or exit codes.
package driver

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"sync"

	"github.com/rs/zerolog"

	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/internal/textsafe"
	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

// Options are what a run does besides linting.
type Options struct {
	Paths    []string // files and directories to lint; CheckPaths has checked them
	Excludes []string // doublestar globs (--exclude), against paths relative to a root and as displayed
	// Excluded, when set, excludes more: the config's globs, given a
	// display path.
	Excluded func(path string) bool
	// Own are the files the run writes or reads as its state (reports, a
	// baseline), by files.Canonical path: never linted, since a report
	// names every type it found.
	Own map[string]bool
	// Settings, when set, reports whether a file read is a gdlint config
	// (by its name and its content; path as displayed): it is not linted,
	// since a config names retired types on purpose.
	Settings    func(path string, src []byte) bool
	MaxFileSize int64
	// Stdin is read for the path "-", displayed, detected and excluded as
	// StdinName (--stdin-filename) when that is set.
	Stdin     io.Reader
	StdinName string
	Fix       bool // write the fixes
	Diff      bool // make the diff of the fixes, and write nothing
	Policy    rules.Policy
	// PolicyFor, when set, gives each file's levels by its display path
	// (the config's overrides), instead of Policy; the linter then runs
	// the rules that file's policy leaves on.
	PolicyFor func(path string) rules.Policy
	Log       zerolog.Logger
}

// Result is what one file gave.
type Result struct {
	Path       string // as displayed
	Read       bool   // the file was read and linted
	Skipped    bool   // the file was found but not linted: unreadable, too large or binary
	Findings   []report.Finding
	Unlisted   [rules.LevelError + 1]int // findings over the per-rule cap, by level: counted, not listed
	Suppressed int                       // findings an ignore directive suppressed
	Fixed      int                       // findings fixed (with Diff: that would be)
	FixedFile  bool                      // the file was rewritten
	Diff       []byte                    // with Fix or Diff: the unified diff of the fixes
}

// Run lints every file under opts.Paths with l. It calls notify for what a
// user should know about the run (a file skipped, one that does not parse),
// one call at a time, from any goroutine; and yield with each file's result,
// in walk order, from one goroutine. At most the files in flight wait to be
// yielded, so memory does not grow with the tree.
//
// A path named on the command line that cannot be read, a directory named
// on it under which no file was read, and a file that cannot be linted
// even as text, fail the run: Run returns an error saying so once every
// other file is done.
func Run(l *rules.Linter, opts Options, notify func(report.Notice), yield func(Result)) error {
	cwd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("cannot tell the working directory (%w): run gdlint from a directory that exists", err)
	}
	s := &session{linter: l, opts: opts, log: opts.Log}
	var mu sync.Mutex
	var failures []error
	s.notice = func(n report.Notice) {
		mu.Lock()
		defer mu.Unlock()
		notify(n)
	}
	fail := func(path string, err error) {
		s.notice(report.Notice{Path: path, Level: "warning", Message: "cannot read: " + err.Error()})
		mu.Lock()
		failures = append(failures, fmt.Errorf("%s: %w", textsafe.Clean(path), err))
		mu.Unlock()
	}
	w := &walker{cwd: cwd, stdinName: opts.StdinName, excludes: opts.Excludes, more: opts.Excluded, notice: s.notice, own: opts.Own, failed: fail,
		debug: debugLog(opts.Log)}

	// Files travel in batches: a channel send per file, on two cores,
	// costs more in scheduler wake-ups than reading a small file does.
	targets := make(chan []target, 8)
	results := make(chan []fileResult, 8)
	go func() {
		b := make([]target, 0, batchSize)
		w.walk(opts.Paths, func(t target) {
			if b = append(b, t); len(b) == batchSize {
				targets <- b
				b = make([]target, 0, batchSize)
			}
		})
		if len(b) > 0 {
			targets <- b
		}
		close(targets)
	}()
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte // reused for every file this worker reads
			for ts := range targets {
				rs := make([]fileResult, len(ts))
				for i, t := range ts {
					rs[i], buf = s.lintOne(t, buf)
					rs[i].seq, rs[i].arg = t.seq, t.arg
					if rs[i].failed != nil {
						fail(t.display, rs[i].failed)
					}
				}
				results <- rs
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	read := map[int]int{}    // files read, by command-line path
	skipped := map[int]int{} // files skipped (too large, binary, unreadable), by command-line path
	inWalkOrder(results, func(r fileResult) {
		if r.failed == nil { // fail has said it
			if r.Skipped {
				skipped[r.arg]++
			}
			if r.Read {
				read[r.arg]++
			}
			yield(r.Result)
		}
	})
	// A directory named on the command line under which no file was read
	// (a typo for infra, a tree of files gdlint does not read, everything
	// excluded or skipped) was not checked: the run must not pass on it.
	// So was a file named on it that was skipped (over --max-file-size,
	// binary): a pipeline that names its Terraform plan must not pass
	// because the plan was too large to read. A named file an exclude
	// names, or gdlint's own config or report, is left out on purpose,
	// and passes, as pre-commit needs.
	for i, p := range opts.Paths {
		switch display := w.display(p); {
		case w.dirs[i] && read[i] == 0:
			s.notice(report.Notice{Path: display, Level: "warning", Message: noFileRead})
			failures = append(failures, fmt.Errorf("%s: %s", textsafe.Clean(display), noFileRead))
		case !w.dirs[i] && skipped[i] > 0:
			failures = append(failures, fmt.Errorf("%s: %s", textsafe.Clean(display), namedNotRead))
		}
	}
	if len(failures) == 0 {
		return nil
	}
	sort.Slice(failures, func(i, j int) bool { return failures[i].Error() < failures[j].Error() })
	return fmt.Errorf("%w: a run that cannot read what it was given does not pass", firstOf(failures))
}

// debugLog logs msg about a path at debug level, cleaning the path only
// when that level is logged.
func debugLog(log zerolog.Logger) func(msg, path string) {
	return func(msg, path string) {
		if e := log.Debug(); e.Enabled() {
			e.Str("path", textsafe.Clean(path)).Msg(msg)
		}
	}
}

// firstOf joins errs as errors.Join does (errors.Is and As see each), but
// says only the first and how many more: a run's error is one line.
func firstOf(errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	return joined(errs)
}

type joined []error

func (j joined) Error() string   { return fmt.Sprintf("%v (and %d more)", j[0], len(j)-1) }
func (j joined) Unwrap() []error { return j }

// namedNotRead is why a file named on the command line and skipped fails
// the run; the notice that skipped it says why.
const namedNotRead = "named on the command line but skipped (see the warning above: raise --max-file-size, or leave it out), so it was not checked"

// noFileRead is why a directory named on the command line fails the run.
const noFileRead = "no file under it was read (none gdlint reads, or all excluded or skipped), so nothing in it was checked"

// batchSize is how many files the walker hands a worker at once.
const batchSize = 32

// fileResult is a Result with its place in walk order.
type fileResult struct {
	Result
	seq    int
	arg    int   // the command-line path it came from
	failed error // the file cannot be linted at all: the run fails
}

// inWalkOrder hands on results, which arrive in any order, in walk order.
// A batch holds files that follow each other in walk order, as the walker
// made it: it waits whole, by the place of its first, and not file by
// file (a map entry of each result, copied in and out, was 1% of the
// CPU on the Sigma rules).
func inWalkOrder(results <-chan []fileResult, emit func(fileResult)) {
	pending := map[int][]fileResult{}
	next := 0
	for rs := range results {
		if len(rs) == 0 {
			continue
		}
		pending[rs[0].seq] = rs
		for {
			b, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			for i := range b {
				emit(b[i])
			}
			next += len(b)
		}
	}
}

// Document is a text that is not a file: a resource read from a live
// account, named by its ARN.
type Document struct {
	Path   string // what reports show as its path
	Src    []byte
	Format scanner.Format
}

// LintDocument lints doc as Run lints a file, with the same levels,
// notices and limits; nothing is fixed. notify is called as Run calls it.
func LintDocument(l *rules.Linter, opts Options, doc Document, notify func(report.Notice)) (Result, error) {
	opts.Fix, opts.Diff = false, false
	s := &session{linter: l, opts: opts, log: opts.Log, notice: notify}
	t := s.job(target{path: doc.Path, display: doc.Path, format: doc.Format})
	out := fileResult{Result: Result{Path: doc.Path, Read: true}}
	out = s.lintSource(t, doc.Src, false, out)
	return out.Result, out.failed
}
