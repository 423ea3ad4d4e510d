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
}

// Report is everything a printer needs. Printers are pure functions of it.
type Report struct {
	Version  string
	Root     string // absolute working directory, for SARIF's %SRCROOT%
	Files    int    // files read
	Findings []Finding
	Notices  []Notice
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

func (c *Command) run(o *options, log zerolog.Logger) (int, error) {
	if err := checkRoots(o.paths); err != nil {
		return ExitError, err
	}
	cwd, _ := os.Getwd()
	rep := &Report{Version: Version(), Root: cwd}
	linter := rules.NewLinter(rules.Builtin())

	var mu sync.Mutex
	notice := func(n Notice) {
		ev := log.Warn()
		if n.Level == "note" {
			ev = log.Info()
		}
		ev.Msg(n.Path + ": " + n.Message)
		mu.Lock()
		rep.Notices = append(rep.Notices, n)
		mu.Unlock()
	}
	w := &walker{cwd: cwd, excludes: o.excludes, notice: notice}

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
			for t := range targets {
				findings, read := lintOne(linter, t, o.maxFileSize, notice, log)
				mu.Lock()
				if read {
					rep.Files++
				}
				rep.Findings = append(rep.Findings, findings...)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	sortFindings(rep.Findings)
	sort.SliceStable(rep.Notices, func(i, j int) bool { return rep.Notices[i].Path < rep.Notices[j].Path })

	var out bytes.Buffer
	switch o.format {
	case "json":
		if err := printJSON(&out, rep); err != nil {
			return ExitError, err
		}
	case "sarif":
		if err := printSARIF(&out, rep); err != nil {
			return ExitError, err
		}
	default:
		printText(&out, rep, c.colorEnabled(o, c.Stdout))
	}
	if o.output != "" {
		if err := writeFileAtomic(o.output, out.Bytes()); err != nil {
			return ExitError, err
		}
	} else if _, err := c.Stdout.Write(out.Bytes()); err != nil {
		return ExitError, err
	}
	return exitCode(rep, o), nil
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

// lintOne reads and lints one file and places its diagnostics. It reports
// whether the file was read. A bug that panics on one file's content costs
// that file, with a warning, and never the run.
func lintOne(l *rules.Linter, t target, maxSize int64, notice func(Notice), log zerolog.Logger) (out []Finding, read bool) {
	defer func() {
		if r := recover(); r != nil {
			notice(Notice{Path: t.display, Level: "warning", Message: fmt.Sprintf("internal error, file skipped (please report it): %v", r)})
			out = nil
		}
	}()
	src, err := readFile(t.path, maxSize)
	if err != nil {
		var tl *tooLargeError
		msg := "cannot read: " + err.Error()
		if errors.As(err, &tl) {
			msg = "file is " + err.Error()
		}
		notice(Notice{Path: t.display, Level: "warning", Message: msg})
		return nil, false
	}
	if looksBinary(src) {
		notice(Notice{Path: t.display, Level: "warning", Message: "looks binary (has a NUL byte); skipped"})
		return nil, true
	}
	res := l.Lint(t.display, src, t.format)
	log.Debug().Str("path", t.display).Int("bytes", len(src)).Int("findings", len(res.Diagnostics)).Msg("linted")
	f := res.File
	if f == nil {
		return nil, true
	}
	if f.Err != nil {
		notice(Notice{Path: t.display, Level: "warning",
			Message: fmt.Sprintf("does not parse as %s (%v); scanned as text", f.Format, f.Err)})
	}
	if !utf8.Valid(src) {
		notice(Notice{Path: t.display, Level: "warning", Message: "is not valid UTF-8; columns may be off"})
	}
	out = make([]Finding, 0, len(res.Diagnostics))
	for _, d := range res.Diagnostics {
		start := f.Position(d.Range.Start)
		out = append(out, Finding{
			Path:     t.display,
			Start:    start,
			End:      f.Position(d.Range.End),
			LineText: string(f.Line(start.Line)),
			Text:     string(f.Src[d.Range.Start:d.Range.End]),
			Diag:     d,
		})
	}
	return out, true
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
// in the same directory, syncs it, and renames it over path.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	mode := os.FileMode(0o644)
	if info, err := os.Stat(path); err == nil {
		mode = info.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, ".gdlint-*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPathError(err))
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
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
