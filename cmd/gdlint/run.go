package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/gdlint/gdlint/internal/baseline"
	"github.com/gdlint/gdlint/internal/changes"
	"github.com/gdlint/gdlint/internal/config"
	"github.com/gdlint/gdlint/internal/driver"
	"github.com/gdlint/gdlint/internal/files"
	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/internal/textsafe"
	"github.com/gdlint/gdlint/rules"
)

// maxNotices is how many notices a report keeps; the rest are counted.
// Every notice still goes to stderr as it happens.
const maxNotices = 1000

// run is one lint run: the settings it was given and what it has gathered.
// Its methods are the steps of Command.run.
type run struct {
	c        *Command
	o        *options
	log      zerolog.Logger
	repoRoot string
	base     *baseline.Baseline
	changes  *changes.Set // with --new-from-rev: the lines that count
	reports  []*openReport
	sum      report.Summary
	baseKeys []baseline.Entry // with --write-baseline: what to record
	diffs    *driver.DiffWriter
	files    atomic.Int64 // files read so far, for the progress line
	fixed    int          // files --fix rewrote
	err      error        // the first error writing a report or a diff

	// liveDone and liveTotal are gdlint aws's account-region pairs read
	// and known, for the progress line, once liveTotal is set.
	liveDone, liveTotal atomic.Int64
}

// openReport is one --format: its writer and where it goes.
type openReport struct {
	w     report.Writer
	file  *files.File
	guard *textsafe.GuardWriter // between w and file, for the line-oriented formats
	// whole: the report takes the findings on unchanged lines as well
	// (SARIF under --new-from-rev): code scanning compares whole analyses,
	// and an alert missing from one is closed as fixed.
	whole bool
}

func (c *Command) run(o *options, log zerolog.Logger) (int, error) {
	templates, err := cdkTemplates(o.cdkOut)
	if err != nil {
		return ExitError, err
	}
	o.paths = append(o.paths, templates...)
	if err := driver.CheckPaths(o.paths); err != nil {
		return ExitError, err
	}
	return c.lint(o, log, func(r *run, linter *rules.Linter, dopts driver.Options) error {
		return driver.Run(linter, dopts, r.notice, r.add)
	})
}

// source lints what a run reads (the files under its paths, or a live
// account's resources), handing each result to r.add.
type source func(r *run, linter *rules.Linter, dopts driver.Options) error

// lint is a run over what src reads: config, baseline, reports and exit
// code are the same whatever it reads.
func (c *Command) lint(o *options, log zerolog.Logger, src source) (int, error) {
	cfg, err := c.config(o, log)
	if err != nil {
		return ExitError, err
	}
	catalog, err := cfg.Catalog()
	if err != nil {
		return ExitError, fmt.Errorf("%s: %w", cfg.Path, err)
	}
	catalog = catalog.AsOf(o.asOf)
	if cfg.FailOn != "" && !o.failOnSet {
		_ = o.setFailOn(cfg.FailOn) // checked when the config was read
	}
	cwd, err := os.Getwd()
	if err != nil {
		return ExitError, fmt.Errorf("cannot tell the working directory (%w): run gdlint from a directory that exists", err)
	}
	r := &run{c: c, o: o, log: log, repoRoot: files.RepoRoot(cwd),
		diffs: &driver.DiffWriter{W: c.Stdout, Actions: c.Getenv("GITHUB_ACTIONS") == "true"}}
	if o.baseline != "" {
		if r.base, err = baseline.Read(o.baseline); err != nil {
			return ExitError, err
		}
	}
	if o.newFromRev != "" {
		if r.changes, err = changes.Since(cwd, o.newFromRev, o.mergeBase); err != nil {
			return ExitError, err
		}
	}
	own, err := ownFiles(o)
	if err != nil {
		return ExitError, err
	}
	if cfg.Path != "" { // it names retired types on purpose
		own[files.Canonical(cfg.Path)] = true
	}
	c.loaded()
	// Open every report before any work, so a bad --output path fails at
	// once; the reports are written as results arrive.
	defer r.abort()
	if err := r.openReports(cwd); err != nil {
		return ExitError, err
	}
	policy := cfg.Policy()
	linter := &rules.Linter{Catalog: catalog, Rules: policy.Rules(), Replace: cfg.Replace,
		Parse: c.parseOptions(o)}
	stopProgress := c.progress(r.progressText)
	dopts := driver.Options{
		Paths: o.paths, Excludes: o.excludes, Excluded: cfg.Excluded, Own: own, Settings: isConfig,
		MaxFileSize: o.maxFileSize, Fix: o.fix, Diff: o.diff, Policy: policy, Log: log,
		Stdin: c.Stdin, StdinName: o.stdinFilename,
	}
	if cfg.HasOverrides() {
		dopts.PolicyFor = cfg.PolicyFor
		linter.Rules = rules.All() // each file's policy picks its own
	}
	err = src(r, linter, dopts)
	stopProgress()
	if err == nil && r.sum.Files == 0 {
		unit := "file"
		if r.sum.Unit != "" {
			unit = r.sum.Unit
		}
		r.notice(report.Notice{Level: "warning", Message: fmt.Sprintf("no %s was read, so nothing was checked", unit)})
	}
	if cerr := r.diffs.Close(); cerr != nil && r.err == nil {
		r.err = cerr
	}
	sort.SliceStable(r.sum.Notices, func(i, j int) bool { return r.sum.Notices[i].Path < r.sum.Notices[j].Path })
	var inc incompleteError
	switch {
	case r.err != nil:
		return ExitError, r.err
	case errors.As(err, &inc) && o.writeBaseline == "":
		// What was read is reported, whole and valid; the run fails.
		if _, ferr := r.finish(); ferr != nil {
			return ExitError, ferr
		}
		return ExitError, err
	case err != nil:
		return ExitError, err
	}
	return r.finish()
}

// incompleteError is a source's failure to read everything after reading
// what it could: the reports are finished with that, and the run fails.
type incompleteError struct{ error }

func (e incompleteError) Unwrap() error { return e.error }

// notice says what a user should know about the run on stderr, and keeps
// it for the reports. The driver makes one call at a time.
func (r *run) notice(n report.Notice) {
	ev := r.log.Warn()
	switch n.Level {
	case "note":
		ev = r.log.Info()
	case "error":
		ev = r.log.Error()
	}
	if n.Path == "" { // about the whole run
		ev.Msg(textsafe.Clean(n.Message))
	} else {
		ev.Msg(textsafe.Clean(n.Path) + ": " + textsafe.Clean(n.Message))
	}
	if len(r.sum.Notices) < maxNotices {
		r.sum.Notices = append(r.sum.Notices, n)
	} else {
		r.sum.NoticesLeft++
	}
}

// add takes one file's result, in walk order.
func (r *run) add(res driver.Result) {
	if res.Read {
		r.sum.Files++
		r.files.Add(1)
	}
	if res.Skipped {
		r.sum.Skipped++
	}
	r.sum.Suppressed += res.Suppressed
	r.sum.Fixed += res.Fixed
	if res.FixedFile {
		r.fixed++
	}
	fs := res.Findings
	if r.o.diff {
		r.keep(r.diffs.Add(res.Diff)) // and count the findings, for the exit code
	}
	switch {
	case r.o.writeBaseline != "":
		r.baseKeys = append(r.baseKeys, baseline.Keys(fs, r.repoRoot)...)
		return
	case r.base != nil:
		var n int
		fs, n = r.base.Filter(fs, r.repoRoot)
		r.sum.Baselined += n
	}
	all := fs
	if r.changes != nil {
		fs = r.onChangedLines(fs)
	}
	r.sum.Count(fs)
	for lvl, n := range res.Unlisted {
		r.sum.CountLevel(rules.Level(lvl), n)
		r.sum.Unlisted += n
	}
	for _, rep := range r.reports {
		list := fs
		if rep.whole {
			list = all
		}
		for _, same := range report.ByPath(list) { // a plan's findings may be on its sources
			r.keep(rep.w.Add(same))
		}
	}
}

// onChangedLines keeps the findings on lines changed since --new-from-rev,
// and counts the rest.
func (r *run) onChangedLines(fs []report.Finding) []report.Finding {
	var kept []report.Finding
	for _, f := range fs {
		if r.changes.Changed(f.Path, f.Start.Line) {
			kept = append(kept, f)
		} else {
			r.sum.Unchanged++
		}
	}
	return kept
}

// keep records the first error of writing a report.
func (r *run) keep(err error) {
	if err != nil && r.err == nil {
		r.err = err
	}
}

// finish writes what the run ends with: the baseline, or the reports'
// summaries; and gives the exit code.
func (r *run) finish() (int, error) {
	switch {
	case r.o.writeBaseline != "":
		if err := baseline.Write(r.o.writeBaseline, r.baseKeys); err != nil {
			return ExitError, err
		}
		fmt.Fprintf(r.c.Stderr, "gdlint: recorded %s in %s\n", report.Plural(len(r.baseKeys), "finding"), textsafe.Clean(r.o.writeBaseline))
		return ExitClean, nil
	case r.o.diff:
		r.diffSummary()
		return exitCode(&r.sum, r.o), nil // as the lint run would
	}
	if r.o.fix && r.sum.Fixed > 0 {
		fmt.Fprintf(r.c.Stderr, "gdlint: fixed %s in %s\n", report.Plural(r.sum.Fixed, "finding"), report.Plural(r.fixed, "file"))
	}
	for _, rep := range r.reports {
		if err := rep.w.Finish(&r.sum); err != nil {
			return ExitError, err
		}
		if err := rep.commit(true); err != nil {
			return ExitError, err
		}
	}
	return exitCode(&r.sum, r.o), nil
}

// diffSummary says on stderr what --diff did not show: the findings it
// has no fix for, which would otherwise be an empty diff and exit 1.
func (r *run) diffSummary() {
	left := max(0, r.sum.Total()-r.sum.Fixed)
	switch {
	case left == 0:
	case r.sum.Fixed == 0:
		fmt.Fprintf(r.c.Stderr, "gdlint: no automatic fix for any of the %s; run gdlint without --diff to see them\n",
			report.Plural(left, "finding"))
	default:
		fmt.Fprintf(r.c.Stderr, "gdlint: the diff fixes %s; %s no automatic fix; run gdlint without --diff to see them\n",
			report.Plural(r.sum.Fixed, "finding"), pluralVerb(left, "finding has", "findings have"))
	}
}

// pluralVerb is "1 finding has" or "3 findings have".
func pluralVerb(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// openReports opens each --format's destination and writer. With --diff
// or --write-baseline there are none: those write something else.
func (r *run) openReports(cwd string) error {
	if r.o.diff || r.o.writeBaseline != "" {
		return nil
	}
	opts := report.Options{Version: Version(), Root: cwd, PerRuleCap: rules.DefaultMaxPerRule, NoticeCap: maxNotices,
		Blob: r.c.blobURL(), FailOn: r.o.failOn, FailNever: r.o.failNever}
	if rel, err := filepath.Rel(r.repoRoot, cwd); err == nil && rel != "." && filepath.IsLocal(rel) {
		opts.RepoDir = filepath.ToSlash(rel)
	}
	for _, out := range r.o.outputs {
		opts.Summary = opts.Summary || out.format == "markdown"
	}
	for _, out := range r.o.outputs {
		f, err := files.Open(out.file, r.c.Stdout)
		if err != nil {
			return err
		}
		rep := &openReport{file: f, whole: out.format == "sarif"}
		r.reports = append(r.reports, rep)
		w := io.Writer(f)
		if report.LineOriented(out.format) {
			// Line-oriented reports of strangers' text: no workflow
			// command can start in them.
			rep.guard = textsafe.NewGuardWriter(f)
			w = rep.guard
		}
		opts.Color = out.file == "" && out.format == "text" && r.c.colorEnabled(r.o, r.c.Stdout)
		if rep.w, err = report.New(out.format, w, opts); err != nil {
			return err
		}
	}
	return nil
}

// blobURL is where the repository's files are on the web, from the
// variables a GitHub Actions runner sets, for the job summary's links:
// $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA/. It is "" when
// any is missing or malformed.
func (c *Command) blobURL() string {
	server := strings.TrimSuffix(c.Getenv("GITHUB_SERVER_URL"), "/")
	repo, sha := c.Getenv("GITHUB_REPOSITORY"), c.Getenv("GITHUB_SHA")
	if server == "" || repo == "" || sha == "" {
		return "" // outside a runner: no regular expression to compile
	}
	if !serverRE().MatchString(server) || !repoRE().MatchString(repo) || !shaRE().MatchString(sha) {
		return ""
	}
	return server + "/" + repo + "/blob/" + sha + "/"
}

var (
	serverRE = lazyRegexp(`^https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~-]+)*$`)
	repoRE   = lazyRegexp(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)
	shaRE    = lazyRegexp(`^[0-9a-f]{40}([0-9a-f]{24})?$`)
)

// commit puts the report in place (ok) or throws it away.
func (rep *openReport) commit(ok bool) error {
	var err error
	if rep.guard != nil {
		err = rep.guard.Flush()
	}
	if cerr := rep.file.Commit(ok && err == nil); err == nil {
		err = cerr
	}
	return err
}

// abort throws away every report not committed: a failed run leaves the
// old files in place.
func (r *run) abort() {
	for _, rep := range r.reports {
		_ = rep.commit(false) // a no-op after a successful commit
	}
}

func exitCode(sum *report.Summary, o *options) int {
	switch {
	case o.failNever:
		return ExitClean
	case sum.Errors > 0 && o.failOn <= rules.LevelError,
		sum.Warnings > 0 && o.failOn <= rules.LevelWarning,
		sum.Notes > 0 && o.failOn <= rules.LevelNote:
		return ExitFindings
	}
	return ExitClean
}

// loaded tells c.Loaded the live heap once the config and catalog are in
// memory. It costs a collection only when that heap is large.
func (c *Command) loaded() {
	if c.Loaded == nil {
		return
	}
	heap := heapBytes()
	if heap >= 32<<20 {
		runtime.GC()
		heap = heapBytes()
	}
	c.Loaded(heap)
}

// heapBytes is the heap's objects, live or not yet swept, as
// runtime.MemStats.HeapAlloc counts them, read through runtime/metrics:
// ReadMemStats stops the world and flushes every cache, which showed in
// the start of every run.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		var ms runtime.MemStats // a runtime without the metric
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	return s[0].Value.Uint64()
}

// isConfig reports whether a file is a gdlint config: named as one, and
// valid as one. A file under that name that is not a valid config (a
// template, say) is linted like any other.
func isConfig(path string, src []byte) bool {
	if !config.IsName(filepath.Base(path)) {
		return false
	}
	_, err := config.Parse(path, src)
	return err == nil
}

// ownFiles are the files a run writes (its reports, a baseline) or reads
// as its own state (the baseline in use; lint adds the config), by canonical path: they are
// never linted, since a report or baseline names every type it found. Two
// reports aimed at one file would overwrite each other: that is an error.
func ownFiles(o *options) (map[string]bool, error) {
	own := map[string]bool{}
	reportOf := map[string]string{}
	add := func(p, what string) error {
		abs := files.Canonical(p)
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
		own[files.Canonical(o.baseline)] = true
	}
	return own, nil
}

// progressText is what the progress line says: files read, or for
// gdlint aws the account-region pairs read.
func (r *run) progressText() string {
	if total := r.liveTotal.Load(); total > 0 {
		return fmt.Sprintf("%d of %d account-regions read", r.liveDone.Load(), total)
	}
	return fmt.Sprintf("%d files read", r.files.Load())
}

// liveProgress takes gdlint aws's progress.
func (r *run) liveProgress(done, total int) {
	r.liveDone.Store(int64(done))
	r.liveTotal.Store(int64(total))
}

// progress shows, on a terminal only, how far a long run is: one line on
// stderr, rewritten twice a second after the first two seconds, and
// erased when the run ends. Anything else written to stderr erases it
// first (statusWriter), so a warning never lands on it.
func (c *Command) progress(text func() string) (stop func()) {
	sw, ok := c.Stderr.(*statusWriter)
	if !isTerminal(c.rawStderr) || !ok {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		start := time.Now()
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				sw.clear()
				return
			case <-tick.C:
				if time.Since(start) < 2*time.Second {
					continue
				}
				sw.status(fmt.Sprintf("gdlint: %s, %.0fs", text(), time.Since(start).Seconds()))
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// statusWriter is stderr with a status line at its end: each write erases
// the status line first, and the next status draws it again.
type statusWriter struct {
	w     io.Writer
	mu    sync.Mutex
	shown bool
}

func (s *statusWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.erase()
	return s.w.Write(p)
}

func (s *statusWriter) status(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, _ = io.WriteString(s.w, "\r"+line+"\x1b[K")
	s.shown = true
}

func (s *statusWriter) clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.erase()
}

func (s *statusWriter) erase() {
	if s.shown {
		_, _ = io.WriteString(s.w, "\r\x1b[K")
		s.shown = false
	}
}

// config reads --config, or the .gdlint.yaml found from the first path
// upwards; no file at all is the empty config.
func (c *Command) config(o *options, log zerolog.Logger) (*config.Config, error) {
	path := o.config
	if path == "" {
		cwd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("cannot tell the working directory (%w): run gdlint from a directory that exists", err)
		}
		from := o.paths[0]
		if from == "-" { // standard input: from where its name says, else here
			from = "."
			if o.stdinFilename != "" {
				from = filepath.Dir(o.stdinFilename)
			}
		}
		path = config.Find(from, cwd)
	}
	if path == "" {
		return &config.Config{}, nil
	}
	log.Debug().Str("path", path).Msg("config")
	return config.Load(path)
}
