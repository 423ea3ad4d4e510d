package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
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

// Report is everything a printer needs. Printers are pure functions of it.
type Report struct {
	Version    string
	Root       string // absolute working directory, for SARIF's %SRCROOT%
	Files      int    // files read
	Findings   []Finding
	Notices    []Notice
	Suppressed int // findings an ignore directive suppressed
	Baselined  int // findings the baseline holds
	Fixed      int // findings --fix fixed (or --diff would fix)
	Diffs      []fileDiff
}

type fileDiff struct {
	path string
	diff []byte
}

// Counts returns the number of findings per level.
func (r *Report) Counts() (errs, warns, notes int) {
	for _, f := range r.Findings {
		switch f.Diag.Level {
		case rules.LevelError:
			errs++
		case rules.LevelWarning:
			warns++
		case rules.LevelNote:
			notes++
		}
	}
	return
}

// session is one lint run's settings, shared by the workers.
type session struct {
	linter  *rules.Linter
	opts    *options
	notice  func(Notice)
	log     zerolog.Logger
	results func(fileResult)
}

type fileResult struct {
	read       bool
	findings   []Finding
	suppressed int
	fixed      int
	diff       *fileDiff
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
		results: func(r fileResult) {
			mu.Lock()
			defer mu.Unlock()
			if r.read {
				rep.Files++
			}
			rep.Findings = append(rep.Findings, r.findings...)
			rep.Suppressed += r.suppressed
			rep.Fixed += r.fixed
			if r.diff != nil {
				rep.Diffs = append(rep.Diffs, *r.diff)
			}
		},
	}
	w := &walker{cwd: cwd, excludes: o.excludes, config: cfg, notice: s.notice}

	targets := make(chan target, 256)
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
				s.results(r)
			}
		}()
	}
	wg.Wait()
	sortFindings(rep.Findings)
	sort.SliceStable(rep.Notices, func(i, j int) bool { return rep.Notices[i].Path < rep.Notices[j].Path })
	sort.Slice(rep.Diffs, func(i, j int) bool { return rep.Diffs[i].path < rep.Diffs[j].path })

	if o.writeBaseline != "" {
		if err := writeBaseline(o.writeBaseline, rep.Findings); err != nil {
			return ExitError, err
		}
		fmt.Fprintf(c.Stderr, "gdlint: recorded %s in %s\n", plural(len(rep.Findings), "finding"), o.writeBaseline)
		return ExitClean, nil
	}
	if base != nil {
		rep.Findings, rep.Baselined = base.filter(rep.Findings)
	}
	if o.diff {
		for _, d := range rep.Diffs {
			if _, err := c.Stdout.Write(d.diff); err != nil {
				return ExitError, err
			}
		}
		return ExitClean, nil
	}
	if o.fix && rep.Fixed > 0 {
		fmt.Fprintf(c.Stderr, "gdlint: fixed %s in %s\n", plural(rep.Fixed, "finding"), plural(len(rep.Diffs), "file"))
	}
	if err := c.write(o, rep); err != nil {
		return ExitError, err
	}
	return exitCode(rep, o), nil
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

// write renders every requested report: each to its file (atomically) or
// to stdout. Colour is for text on a terminal only.
func (c *Command) write(o *options, rep *Report) error {
	for _, out := range o.outputs {
		var buf bytes.Buffer
		var err error
		switch out.format {
		case "json":
			err = printJSON(&buf, rep)
		case "sarif":
			err = printSARIF(&buf, rep)
		case "github":
			printGitHub(&buf, rep)
		case "markdown":
			printMarkdown(&buf, rep)
		default:
			printText(&buf, rep, out.file == "" && c.colorEnabled(o, c.Stdout))
		}
		if err != nil {
			return err
		}
		if out.file != "" {
			err = writeFileAtomic(out.file, buf.Bytes())
		} else {
			_, err = c.Stdout.Write(buf.Bytes())
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func exitCode(rep *Report, o *options) int {
	if o.failNever {
		return ExitClean
	}
	for _, f := range rep.Findings {
		if f.Diag.Level >= o.failOn {
			return ExitFindings
		}
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
	if s.opts.fix || s.opts.diff {
		if fixedSrc, fixed := rules.ApplyFixes(src, res.Diagnostics); len(fixed) > 0 {
			out.fixed = len(fixed)
			out.diff = &fileDiff{path: t.display, diff: diff.Diff("a/"+t.display, src, "b/"+t.display, fixedSrc)}
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

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Start.Offset != b.Start.Offset {
			return a.Start.Offset < b.Start.Offset
		}
		if a.End.Offset != b.End.Offset {
			return a.End.Offset < b.End.Offset
		}
		return a.Diag.Rule.ID < b.Diag.Rule.ID
	})
}

// writeFileAtomic replaces path with data so that a reader sees either the
// old file or the whole new one, never a part: it writes a temporary file
// in the same directory, syncs it, gives it the permissions of the file it
// replaces, and renames it over path. (github.com/google/renameio does the
// same but has no Windows build, and gdlint ships for Windows.)
func writeFileAtomic(path string, data []byte) error {
	mode := os.FileMode(0o644)
	if info, err := os.Stat(path); err == nil {
		mode = info.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".gdlint-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPathError(err))
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), mode)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPathError(werr))
	}
	return nil
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
