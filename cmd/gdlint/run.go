package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rs/zerolog"

	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

// Notice is something about the run rather than about the code: a file
// that could not be read or parsed. Notices go to stderr as they happen and
// into the JSON and SARIF reports.
type Notice struct {
	Path    string `json:"path"`
	Level   string `json:"level"` // "warning" or "note"
	Message string `json:"message"`
}

// Finding is a diagnostic placed in a file, ready for a printer.
type Finding struct {
	Path       string // display path, slash-separated
	Start, End scanner.Position
	LineText   string // the source line of Start, without its line ending
	Text       string // the exact source text of the range
	Diag       rules.Diagnostic
	Fixes      []placedFix
}

type placedFix struct {
	Message string
	Edits   []placedEdit
}

type placedEdit struct {
	Start, End scanner.Position
	NewText    string
}

// session is one lint run's settings, shared by the workers.
type session struct {
	linter *rules.Linter
	opts   *options
	notice func(Notice)
	log    zerolog.Logger
}

type fileResult struct {
	seq        int // the file's place in walk order
	read       bool
	findings   []Finding
	suppressed int
	fixed      int
	diff       []byte
}

func (c *Command) run(o *options, log zerolog.Logger) (int, error) {
	if err := checkRoots(o.paths); err != nil {
		return ExitError, err
	}
	cfg, err := c.config(o, log)
	if err != nil {
		return ExitError, err
	}
	catalog, err := cfg.Catalog()
	if err != nil {
		return ExitError, fmt.Errorf("%s: %v", cfg.Path, err)
	}
	if cfg.FailOn != "" && !o.failOnSet {
		_ = o.setFailOn(cfg.FailOn) // checked when the config was read
	}
	var base *baseline
	if o.baseline != "" {
		if base, err = readBaseline(o.baseline); err != nil {
			return ExitError, err
		}
	}
	cwd, _ := os.Getwd()
	rep := &Report{Version: Version(), Root: cwd}

	// Open every report before any work, so a bad --output path fails at
	// once; the reports are written as results arrive.
	var dests []*destination
	var sinks []sink
	defer func() {
		for _, d := range dests {
			_ = d.commit(false) // no-op after a successful commit
		}
	}()
	if !o.diff && o.writeBaseline == "" {
		for _, out := range o.outputs {
			d, err := openDestination(out.file, c.Stdout)
			if err != nil {
				return ExitError, err
			}
			dests = append(dests, d)
			sk, err := newSink(out.format, d, out.file == "" && out.format == "text" && c.colorEnabled(o, c.Stdout), rep.Version)
			if err != nil {
				return ExitError, err
			}
			sinks = append(sinks, sk)
		}
	}

	var mu sync.Mutex
	s := &session{
		linter: &rules.Linter{Catalog: catalog, Rules: rules.All(), Levels: cfg.Rules, Replace: cfg.Replace},
		opts:   o,
		log:    log,
		notice: func(n Notice) {
			ev := log.Warn()
			if n.Level == "note" {
				ev = log.Info()
			}
			ev.Msg(n.Path + ": " + n.Message)
			mu.Lock()
			rep.Notices = append(rep.Notices, n)
			mu.Unlock()
		},
	}
	var read atomic.Int64 // files read so far, for the progress line
	var baseKeys []baselineEntry
	var sinkErr error
	fixedFiles := 0
	// emit handles one file's results, in walk order.
	emit := func(r fileResult) {
		if r.read {
			rep.Files++
			read.Add(1)
		}
		rep.Suppressed += r.suppressed
		rep.Fixed += r.fixed
		if r.fixed > 0 {
			fixedFiles++
		}
		if o.diff {
			if _, err := c.Stdout.Write(r.diff); err != nil && sinkErr == nil {
				sinkErr = err
			}
			return
		}
		fs := r.findings
		if o.writeBaseline != "" {
			baseKeys = append(baseKeys, keys(fs)...)
			return
		}
		if base != nil {
			var n int
			fs, n = base.filter(fs)
			rep.Baselined += n
		}
		rep.count(fs)
		for _, sk := range sinks {
			if err := sk.add(fs); err != nil && sinkErr == nil {
				sinkErr = err
			}
		}
	}

	w := &walker{cwd: cwd, excludes: o.excludes, config: cfg, notice: s.notice}
	targets := make(chan target, 256)
	results := make(chan fileResult, 256)
	go func() {
		w.walk(o.paths, func(t target) { targets <- t })
		close(targets)
	}()
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte // reused for every file this worker reads
			for t := range targets {
				var r fileResult
				r, buf = s.lintOne(t, buf)
				r.seq = t.seq
				results <- r
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	stopProgress := c.progress(&read)
	// Results come back in any order; they leave in walk order. At most
	// the targets in flight wait here, so memory does not grow with the tree.
	pending := map[int]fileResult{}
	next := 0
	for r := range results {
		pending[r.seq] = r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			emit(r)
			next++
		}
	}
	stopProgress()
	if sinkErr != nil {
		return ExitError, sinkErr
	}
	sort.SliceStable(rep.Notices, func(i, j int) bool { return rep.Notices[i].Path < rep.Notices[j].Path })

	switch {
	case o.writeBaseline != "":
		if err := writeBaseline(o.writeBaseline, baseKeys); err != nil {
			return ExitError, err
		}
		fmt.Fprintf(c.Stderr, "gdlint: recorded %s in %s\n", plural(len(baseKeys), "finding"), o.writeBaseline)
		return ExitClean, nil
	case o.diff:
		return ExitClean, nil
	}
	if o.fix && rep.Fixed > 0 {
		fmt.Fprintf(c.Stderr, "gdlint: fixed %s in %s\n", plural(rep.Fixed, "finding"), plural(fixedFiles, "file"))
	}
	for i, sk := range sinks {
		if err := sk.finish(rep); err != nil {
			return ExitError, err
		}
		if err := dests[i].commit(true); err != nil {
			return ExitError, err
		}
	}
	return exitCode(rep, o), nil
}

// progress shows, on a terminal only, how many files a long run has read:
// one line on stderr, rewritten twice a second after the first two
// seconds, and erased when the run ends.
func (c *Command) progress(files *atomic.Int64) (stop func()) {
	if !isTerminal(c.Stderr) {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		start := time.Now()
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(c.Stderr, "\r\x1b[K")
				}
				return
			case <-tick.C:
				if time.Since(start) < 2*time.Second {
					continue
				}
				shown = true
				fmt.Fprintf(c.Stderr, "\rgdlint: %d files read, %.0fs", files.Load(), time.Since(start).Seconds())
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// config reads --config, or the .gdlint.yaml found from the first path
// upwards; no file at all is the empty config.
func (c *Command) config(o *options, log zerolog.Logger) (*Config, error) {
	path := o.config
	if path == "" {
		path = findConfig(o.paths[0])
	}
	if path == "" {
		return &Config{}, nil
	}
	log.Debug().Str("path", path).Msg("config")
	return loadConfig(path)
}

func exitCode(rep *Report, o *options) int {
	switch {
	case o.failNever:
		return ExitClean
	case rep.Errors > 0 && o.failOn <= rules.LevelError,
		rep.Warnings > 0 && o.failOn <= rules.LevelWarning,
		rep.Notes > 0 && o.failOn <= rules.LevelNote:
		return ExitFindings
	}
	return ExitClean
}

// lintOne reads, lints and (with --fix or --diff) fixes one file. A bug
// that panics on one file's content costs that file, with a warning, and
// never the run.
func (s *session) lintOne(t target, buf []byte) (out fileResult, _ []byte) {
	defer func() {
		if r := recover(); r != nil {
			s.notice(Notice{Path: t.display, Level: "warning", Message: fmt.Sprintf("internal error, file skipped (please report it): %v", r)})
			out = fileResult{read: true}
		}
	}()
	src, err := readFile(t.path, s.opts.maxFileSize, buf)
	if err != nil {
		var tl *tooLargeError
		msg := "cannot read: " + err.Error()
		if errors.As(err, &tl) {
			msg = "file is " + err.Error()
		}
		s.notice(Notice{Path: t.display, Level: "warning", Message: msg})
		return fileResult{}, buf
	}
	if cap(src) > cap(buf) {
		buf = src[:0]
	}
	out.read = true
	converted := false
	if utf16, ok := decodeUTF16(src); ok {
		// Line numbers and columns in characters are the same in the
		// converted text; byte offsets are the converted text's.
		src, converted = utf16, true
		s.notice(Notice{Path: t.display, Level: "note", Message: "is UTF-16; read as UTF-8 (byte offsets refer to the converted text, and --fix leaves the file alone)"})
	}
	if looksBinary(src) {
		s.notice(Notice{Path: t.display, Level: "warning", Message: "looks binary (has a NUL byte); skipped"})
		return out, buf
	}
	res := s.linter.Lint(t.display, src, t.format)
	s.log.Debug().Str("path", t.display).Int("bytes", len(src)).Int("findings", len(res.Diagnostics)).Msg("linted")
	if res.File == nil {
		return out, buf
	}
	if res.File.Err != nil {
		s.notice(Notice{Path: t.display, Level: "warning",
			Message: fmt.Sprintf("does not parse as %s (%v); scanned as text", res.File.Format, res.File.Err)})
	}
	if !utf8.Valid(src) {
		s.notice(Notice{Path: t.display, Level: "warning", Message: "is not valid UTF-8; columns may be off"})
	}
	if (s.opts.fix || s.opts.diff) && !converted {
		if fixedSrc, fixed := rules.ApplyFixes(src, res.Diagnostics); len(fixed) > 0 {
			out.fixed = len(fixed)
			out.diff = diff.Diff("a/"+t.display, src, "b/"+t.display, fixedSrc)
			if s.opts.fix {
				if err := writeFileAtomic(t.path, fixedSrc); err != nil {
					s.notice(Notice{Path: t.display, Level: "warning", Message: "not fixed: " + err.Error()})
				} else {
					// Report what is left, at its new position.
					res = s.linter.Lint(t.display, fixedSrc, t.format)
				}
			}
		}
	}
	out.suppressed = len(res.Suppressed)
	out.findings = placeFindings(t.display, res)
	return out, buf
}

// placeFindings gives each diagnostic its positions and source text.
func placeFindings(path string, res rules.Result) []Finding {
	f := res.File
	out := make([]Finding, 0, len(res.Diagnostics))
	for _, d := range res.Diagnostics {
		start := f.Position(d.Range.Start)
		fd := Finding{
			Path:     path,
			Start:    start,
			End:      f.Position(d.Range.End),
			LineText: string(f.Line(start.Line)),
			Text:     string(f.Src[d.Range.Start:d.Range.End]),
			Diag:     d,
		}
		for _, fx := range d.Fixes {
			pf := placedFix{Message: fx.Message}
			for _, e := range fx.Edits {
				pf.Edits = append(pf.Edits, placedEdit{Start: f.Position(e.Range.Start), End: f.Position(e.Range.End), NewText: e.NewText})
			}
			fd.Fixes = append(fd.Fixes, pf)
		}
		out = append(out, fd)
	}
	return out
}

// writeFileAtomic replaces path with data so that a reader sees either the
// old file or the whole new one, never a part: it goes through the same
// destination as the reports (temporary file, sync, the old permissions,
// rename). (github.com/google/renameio does this too but has no Windows
// build, and gdlint ships for Windows.)
func writeFileAtomic(path string, data []byte) error {
	d, err := openDestination(path, nil)
	if err != nil {
		return err
	}
	if _, err := d.Write(data); err != nil {
		_ = d.commit(false)
		return fmt.Errorf("cannot write %s: %v", path, err)
	}
	return d.commit(true)
}

// relTo is p relative to dir, slash-separated, or "" when p is outside dir.
func relTo(dir, p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return ""
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil || rel == ".." || len(rel) > 2 && rel[:3] == ".."+string(filepath.Separator) {
		return ""
	}
	return filepath.ToSlash(rel)
}
