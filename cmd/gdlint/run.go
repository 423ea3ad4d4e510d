package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

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
	// Line is the source line of Start around the finding: a window of
	// it, so that a finding never copies a long (minified) line.
	Line  scanner.Window
	Text  string // the source text of the range, at most maxFindingText bytes
	Diag  rules.Diagnostic
	Fixes []placedFix
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
	unlisted   [rules.LevelError + 1]int // findings over the per-rule cap: counted, not listed
	suppressed int
	fixed      int // findings fixed (or, with --diff, that would be)
	fixedFile  bool
	diff       []byte
	failed     error // the file cannot be linted at all: the run exits 2
}

// maxNotices is how many notices a report keeps; the rest are counted.
// Every notice still goes to stderr as it happens.
const maxNotices = 1000

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
	cwd, _ := os.Getwd()
	repoRoot := findRepoRoot(cwd)
	var base *baseline
	if o.baseline != "" {
		if base, err = readBaseline(o.baseline); err != nil {
			return ExitError, err
		}
	}
	own, err := ownFiles(o)
	if err != nil {
		return ExitError, err
	}
	c.loaded()
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
			w := io.Writer(d)
			if out.format == "text" || out.format == "markdown" {
				// Line-oriented reports of strangers' text: no workflow
				// command can start in them.
				g := newGuardWriter(d)
				d.guard, w = g, g
			}
			sk, err := newSink(out.format, w, out.file == "" && out.format == "text" && c.colorEnabled(o, c.Stdout), rep.Version)
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
			mu.Lock()
			defer mu.Unlock()
			ev := log.Warn()
			if n.Level == "note" {
				ev = log.Info()
			}
			ev.Msg(clean(n.Path) + ": " + clean(n.Message))
			if len(rep.Notices) < maxNotices {
				rep.Notices = append(rep.Notices, n)
			} else {
				rep.NoticesLeft++
			}
		},
	}
	var failures []string // named paths that could not be read, files not linted at all
	fail := func(path string, err error) {
		s.notice(Notice{Path: path, Level: "warning", Message: "cannot read: " + err.Error()})
		mu.Lock()
		failures = append(failures, clean(path)+": "+err.Error())
		mu.Unlock()
	}
	var read atomic.Int64 // files read so far, for the progress line
	var baseKeys []baselineEntry
	var sinkErr error
	fixedFiles := 0
	diffs := &diffWriter{w: c.Stdout, actions: c.Getenv("GITHUB_ACTIONS") == "true"}
	// emit handles one file's results, in walk order.
	emit := func(r fileResult) {
		if r.failed != nil {
			return // fail has said it
		}
		if r.read {
			rep.Files++
			read.Add(1)
		}
		rep.Suppressed += r.suppressed
		rep.Fixed += r.fixed
		if r.fixedFile {
			fixedFiles++
		}
		if o.diff {
			if err := diffs.write(r.diff); err != nil && sinkErr == nil {
				sinkErr = err
			}
			return
		}
		fs := r.findings
		if o.writeBaseline != "" {
			baseKeys = append(baseKeys, keys(fs, repoRoot)...)
			return
		}
		if base != nil {
			var n int
			fs, n = base.filter(fs, repoRoot)
			rep.Baselined += n
		}
		rep.count(fs)
		rep.Errors += r.unlisted[rules.LevelError]
		rep.Warnings += r.unlisted[rules.LevelWarning]
		rep.Notes += r.unlisted[rules.LevelNote]
		rep.Unlisted += r.unlisted[rules.LevelError] + r.unlisted[rules.LevelWarning] + r.unlisted[rules.LevelNote]
		for _, sk := range sinks {
			if err := sk.add(fs); err != nil && sinkErr == nil {
				sinkErr = err
			}
		}
	}

	w := &walker{cwd: cwd, excludes: o.excludes, config: cfg, notice: s.notice, own: own, failed: fail,
		debug: func(msg, path string) { log.Debug().Str("path", clean(path)).Msg(msg) }}
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
				if r.failed != nil {
					fail(t.display, r.failed)
				}
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
	if err := diffs.close(); err != nil && sinkErr == nil {
		sinkErr = err
	}
	if sinkErr != nil {
		return ExitError, sinkErr
	}
	sort.SliceStable(rep.Notices, func(i, j int) bool { return rep.Notices[i].Path < rep.Notices[j].Path })
	if len(failures) > 0 {
		sort.Strings(failures)
		more := ""
		if len(failures) > 1 {
			more = fmt.Sprintf(" (and %d more)", len(failures)-1)
		}
		return ExitError, fmt.Errorf("%s%s: a run that cannot read what it was given does not pass", failures[0], more)
	}

	switch {
	case o.writeBaseline != "":
		if err := writeBaseline(o.writeBaseline, baseKeys); err != nil {
			return ExitError, err
		}
		fmt.Fprintf(c.Stderr, "gdlint: recorded %s in %s\n", plural(len(baseKeys), "finding"), clean(o.writeBaseline))
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

// loaded tells c.Loaded the live heap once the config and catalog are in
// memory. It costs a collection only when that heap is large.
func (c *Command) loaded() {
	if c.Loaded == nil {
		return
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapAlloc >= 32<<20 {
		runtime.GC()
		runtime.ReadMemStats(&ms)
	}
	c.Loaded(ms.HeapAlloc)
}

// ownFiles are the files a run writes (its reports, a baseline) or reads
// as its own state (the baseline in use), by absolute path: they are never
// linted, since a report or baseline names every type it found. Two
// reports aimed at one file would overwrite each other: that is an error.
func ownFiles(o *options) (map[string]bool, error) {
	own := map[string]bool{}
	reportOf := map[string]string{}
	add := func(p, what string) error {
		abs := canonicalPath(p)
		if prev, ok := reportOf[abs]; ok {
			return usagef("%s and %s both write %s; give each report its own file", prev, what, p)
		}
		reportOf[abs] = what
		own[abs] = true
		return nil
	}
	if !o.diff && o.writeBaseline == "" {
		for _, out := range o.outputs {
			if out.file == "" {
				continue
			}
			if err := add(out.file, "--format "+out.format); err != nil {
				return nil, err
			}
		}
	}
	if o.writeBaseline != "" {
		if err := add(o.writeBaseline, "--write-baseline"); err != nil {
			return nil, err
		}
	}
	if o.baseline != "" {
		own[canonicalPath(o.baseline)] = true
	}
	return own, nil
}

// canonicalPath is p made absolute, with the symlinks of what exists of it
// resolved: two names for one file give one path.
func canonicalPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}

// findRepoRoot is the first directory from dir upwards that holds .git,
// or dir itself when there is none.
func findRepoRoot(dir string) string {
	for d := dir; ; {
		if isRepoRoot(d) {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// progress shows, on a terminal only, how many files a long run has read:
// one line on stderr, rewritten twice a second after the first two
// seconds, and erased when the run ends.
func (c *Command) progress(files *atomic.Int64) (stop func()) {
	if !isTerminal(c.rawStderr) {
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
		cwd, _ := os.Getwd()
		path = findConfig(o.paths[0], cwd)
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
// must not lose a file: a panic while linting is reported and the file is
// linted again as plain text; only when even that fails is the file not
// linted, and then the run fails.
func (s *session) lintOne(t target, buf []byte) (out fileResult, _ []byte) {
	src, err := readFile(t.path, s.opts.maxFileSize, buf)
	if err != nil {
		var tl *tooLargeError
		switch {
		case errors.As(err, &tl):
			s.notice(Notice{Path: t.display, Level: "warning", Message: "file is " + err.Error()})
		case t.named:
			out.failed = unwrapPathError(err)
		default:
			s.notice(Notice{Path: t.display, Level: "warning", Message: "cannot read: " + unwrapPathError(err).Error()})
		}
		return out, buf
	}
	if cap(src) > cap(buf) {
		buf = src[:0]
	}
	out.read = true
	converted := false
	if text, enc, ok := decodeUnicode(src); ok {
		// Line numbers and columns in characters are the same in the
		// converted text; byte offsets are the converted text's.
		src, converted = text, true
		s.notice(Notice{Path: t.display, Level: "note", Message: "is " + enc + "; read as UTF-8 (byte offsets refer to the converted text, and --fix leaves the file alone)"})
	}
	if looksBinary(src) {
		s.notice(Notice{Path: t.display, Level: "warning", Message: "looks binary (has a NUL byte); skipped"})
		return out, buf
	}
	res, err := s.lint(t, src)
	if err != nil {
		out.failed = err
		return out, buf
	}
	s.log.Debug().Str("path", clean(t.display)).Int("bytes", len(src)).Int("findings", len(res.Diagnostics)).Msg("linted")
	if res.File == nil {
		return out, buf
	}
	switch err := res.File.Err; {
	case errors.Is(err, scanner.ErrTooManyValues):
		s.notice(Notice{Path: t.display, Level: "note", Message: fmt.Sprintf(
			"may hold %v, more than gdlint builds a tree for; scanned as text (comments are still told apart, but conditions are not analysed and nothing is fixed)", err)})
	case err != nil:
		s.notice(Notice{Path: t.display, Level: "warning",
			Message: fmt.Sprintf("does not parse as %s (%v); scanned as text", res.File.Format, err)})
	}
	if !utf8.Valid(src) {
		s.notice(Notice{Path: t.display, Level: "warning", Message: "is not valid UTF-8; columns may be off"})
	}
	if (s.opts.fix || s.opts.diff) && !converted {
		if fixedSrc, fixed := rules.ApplyFixes(src, res.Diagnostics); len(fixed) > 0 {
			out.diff = unifiedDiff(t.display, src, fixedSrc)
			switch {
			case s.opts.diff:
				out.fixed = len(fixed)
			case s.writeFix(t, src, fixedSrc):
				out.fixed, out.fixedFile = len(fixed), true
				// Report what is left, at its new position.
				if again, err := s.lint(t, fixedSrc); err == nil {
					res = again
				}
			}
		}
	}
	out.suppressed = res.Suppressed
	out.unlisted = res.Unlisted
	if n := res.Unlisted[rules.LevelError] + res.Unlisted[rules.LevelWarning] + res.Unlisted[rules.LevelNote]; n > 0 {
		s.notice(Notice{Path: t.display, Level: "warning", Message: fmt.Sprintf(
			"%s more (%s, %s, %s) counted but not listed: a rule lists at most %d per file",
			plural(n, "finding"), plural(res.Unlisted[rules.LevelError], "error"), plural(res.Unlisted[rules.LevelWarning], "warning"),
			plural(res.Unlisted[rules.LevelNote], "note"), rules.DefaultMaxPerRule)})
	}
	out.findings = placeFindings(t.display, res)
	return out, buf
}

// lint lints src as its format and, if that panics, again as plain text.
// The error is for a file that could not be linted even so.
func (s *session) lint(t target, src []byte) (rules.Result, error) {
	res, perr := s.tryLint(t.display, src, t.format)
	if perr == nil {
		return res, nil
	}
	s.notice(Notice{Path: t.display, Level: "warning",
		Message: fmt.Sprintf("internal error (please report it): %v; scanned as text", perr)})
	res, perr = s.tryLint(t.display, src, scanner.Unknown)
	if perr != nil {
		return rules.Result{}, fmt.Errorf("internal error (please report it): %v; not linted", perr)
	}
	return res, nil
}

func (s *session) tryLint(path string, src []byte, format scanner.Format) (res rules.Result, perr any) {
	defer func() {
		if r := recover(); r != nil {
			perr = r
		}
	}()
	return s.linter.Lint(path, src, format), nil
}

// writeFix writes a fixed file in place of the original, unless that
// would be unsafe, which it says in a notice:
//
//   - the file changed on disk since it was read (an editor, another run):
//     writing would lose that change;
//   - it has more than one hard link: a new file would split them;
//   - it is read-only: the owner said not to write it;
//   - it is a symlink whose target is outside the scan root.
//
// The write itself is atomic and keeps the mode and (as root) the owner.
func (s *session) writeFix(t target, read, fixed []byte) bool {
	notFixed := func(why string) bool {
		s.notice(Notice{Path: t.display, Level: "warning", Message: "not fixed: " + why})
		return false
	}
	path := t.path
	if info, err := os.Lstat(path); err == nil && info.Mode()&os.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return notFixed(unwrapPathError(err).Error())
		}
		if relTo(t.root, real) == "" {
			return notFixed("it is a symlink to " + real + ", outside the scan root")
		}
		path = real
	}
	info, err := os.Stat(path)
	if err != nil {
		return notFixed(unwrapPathError(err).Error())
	}
	switch {
	case info.Mode().Perm()&0o222 == 0:
		return notFixed("the file is read-only")
	case linkCount(info) > 1:
		return notFixed(fmt.Sprintf("the file has %d hard links, which a rewrite would split", linkCount(info)))
	}
	now, err := readFile(path, s.opts.maxFileSize, nil)
	if err != nil || !bytes.Equal(now, read) {
		return notFixed("the file changed on disk after gdlint read it")
	}
	if err := writeFileAtomic(path, fixed); err != nil {
		return notFixed(err.Error())
	}
	return true
}

// snippetWidth is how many characters of a line the text output shows on
// each side of a finding; minified JSON has megabyte lines.
const snippetWidth = 60

// maxFindingText bounds the source text a finding carries. A finding is a
// type name or a short key; only a hostile range could be longer.
const maxFindingText = 1024

// placeFindings gives each diagnostic its positions and source text.
// scanner.File.Position costs at most a bounded decode per call, so this is
// linear in the findings however long the lines are.
func placeFindings(path string, res rules.Result) []Finding {
	f := res.File
	out := make([]Finding, 0, len(res.Diagnostics))
	for _, d := range res.Diagnostics {
		text := f.Src[d.Range.Start:d.Range.End]
		if len(text) > maxFindingText {
			text = text[:maxFindingText]
		}
		fd := Finding{
			Path:  path,
			Start: f.Position(d.Range.Start),
			End:   f.Position(d.Range.End),
			Line:  f.Window(d.Range, snippetWidth),
			Text:  string(text),
			Diag:  d,
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
