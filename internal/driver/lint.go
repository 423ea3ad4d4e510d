package driver

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"unicode/utf8"

	"github.com/rs/zerolog"

	"github.com/gdlint/gdlint/internal/files"
	"github.com/gdlint/gdlint/internal/report"
	"github.com/gdlint/gdlint/internal/textsafe"
	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

// session is one run's settings, shared by the workers.
type session struct {
	linter *rules.Linter
	opts   Options
	notice func(report.Notice)
	log    zerolog.Logger
}

// job is a target with what linting it takes: the levels for its path,
// and the linter that runs the rules those levels leave on.
type job struct {
	target
	linter *rules.Linter
	policy rules.Policy
}

// job makes t's job. Without per-path levels every file shares the run's
// linter and policy.
func (s *session) job(t target) job {
	if s.opts.PolicyFor == nil {
		return job{t, s.linter, s.opts.Policy}
	}
	p := s.opts.PolicyFor(t.display)
	l := *s.linter
	l.Rules = p.Rules()
	return job{t, &l, p}
}

// lintOne reads, lints and (with --fix or --diff) fixes one file. A bug
// must not lose a file: a panic while linting is reported and the file is
// linted again as plain text; only when even that fails is the file not
// linted, and then the run fails.
func (s *session) lintOne(tg target, buf []byte) (out fileResult, _ []byte) {
	out.Path = tg.display
	if tg.walkErr != nil {
		s.notice(report.Notice{Path: tg.display, Level: "warning", Message: "cannot read: " + tg.walkErr.Error() + "; skipped"})
		out.Skipped = true
		return out, buf
	}
	t := s.job(tg)
	var src []byte
	var err error
	if t.stdin {
		src, err = readStdin(s.opts.Stdin, s.opts.MaxFileSize)
	} else {
		src, err = files.ReadUnless(t.path, s.opts.MaxFileSize, buf, headLooksBinary)
	}
	if errors.Is(err, files.ErrSkipped) {
		s.notice(binaryNotice(t.display))
		out.Skipped = true
		return out, buf
	}
	if err != nil {
		var tl *files.TooLargeError
		switch {
		case errors.As(err, &tl):
			s.notice(report.Notice{Path: t.display, Level: "warning", Message: "file is " + err.Error()})
			out.Skipped = true
		case t.named:
			out.failed = files.UnwrapPathError(err)
		default:
			s.notice(report.Notice{Path: t.display, Level: "warning", Message: "cannot read: " + files.UnwrapPathError(err).Error()})
			out.Skipped = true
		}
		return out, buf
	}
	if cap(src) > cap(buf) {
		buf = src[:0]
	}
	out.Read = true
	converted := false
	if text, enc, ok := decodeUnicode(src); ok {
		// Line numbers and columns in characters are the same in the
		// converted text; byte offsets are the converted text's.
		src, converted = text, true
		s.notice(report.Notice{Path: t.display, Level: "note", Message: "is " + enc + "; read as UTF-8 (byte offsets refer to the converted text, and --fix leaves the file alone)"})
	}
	if looksBinary(src) {
		s.notice(binaryNotice(t.display))
		out.Read, out.Skipped = false, true
		return out, buf
	}
	if format := scanner.SniffReport(src); format != "" && !converted && report.IsOwnReport(format, src) {
		// It names every type it found: linting it would fail the run on
		// its own output. Said at warning level, so it is never silent.
		s.notice(report.Notice{Path: t.display, Level: "warning", Message: "is a " + format + " report gdlint wrote; not linted"})
		out.Read = false
		return out, buf
	}
	if s.opts.Settings != nil && s.opts.Settings(t.display, src) {
		s.notice(report.Notice{Path: t.display, Level: "note", Message: "is a gdlint config, not the one this run uses; not linted (a config names retired types on purpose)"})
		out.Read = false
		return out, buf
	}
	return s.lintSource(t, src, converted, out), buf
}

// lintSource lints src, the text of t, and fixes it as lintOne does;
// converted says src was converted to UTF-8, and so is not fixed.
func (s *session) lintSource(t job, src []byte, converted bool, out fileResult) fileResult {
	res, err := s.lint(t, src)
	if err != nil {
		out.failed = err
		return out
	}
	if e := s.log.Debug(); e.Enabled() { // Clean is work for every file: only when it is logged
		e.Str("path", textsafe.Clean(t.display)).Int("bytes", len(src)).Int("findings", len(res.Diagnostics)).Msg("linted")
	}
	if res.File == nil {
		return out
	}
	for _, n := range readNotices(t.display, res.File) {
		s.notice(n)
	}
	s.planNotices(t, res.File)
	if (s.opts.Fix && !t.stdin || s.opts.Diff) && !converted {
		res = s.fix(t, src, res, &out)
		if res.File == nil {
			// The fixed file holds nothing a rule looks for (a fix took
			// out the last retired control of a disable list): it was
			// rejected unparsed, and has nothing left to report.
			return out
		}
	}
	out.Suppressed = res.Suppressed
	for rc, n := range res.Unlisted {
		out.Unlisted[t.policy.Level(rc.Rule, rc.Category)] += n
	}
	if n := out.Unlisted[rules.LevelError] + out.Unlisted[rules.LevelWarning] + out.Unlisted[rules.LevelNote]; n > 0 {
		s.notice(report.Notice{Path: t.display, Level: "warning", Message: fmt.Sprintf(
			"%s more (%s, %s, %s) counted but not listed: a rule lists at most %d per file",
			report.Plural(n, "finding"), report.Plural(out.Unlisted[rules.LevelError], "error"), report.Plural(out.Unlisted[rules.LevelWarning], "warning"),
			report.Plural(out.Unlisted[rules.LevelNote], "note"), s.maxPerRule())})
	}
	out.Findings = s.onSources(t, res.File, placeFindings(t.display, res, t.policy))
	return out
}

// fix applies the fixes of res to src (or, with Diff, only shows them),
// and returns what is left to report: with Fix, the findings of the fixed
// file at their new positions.
func (s *session) fix(t job, src []byte, res rules.Result, out *fileResult) rules.Result {
	fixedSrc, fixed := rules.ApplyFixes(src, res.Diagnostics)
	if len(fixed) == 0 {
		return res
	}
	out.Diff = unifiedDiff(t.display, src, fixedSrc)
	switch {
	case s.opts.Diff:
		out.Fixed = len(fixed)
	case s.writeFix(t.target, src, fixedSrc):
		out.Fixed, out.FixedFile = len(fixed), true
		if again, err := s.lint(t, fixedSrc); err == nil {
			return again
		}
	}
	return res
}

func (s *session) maxPerRule() int {
	if s.linter.MaxPerRule > 0 {
		return s.linter.MaxPerRule
	}
	return rules.DefaultMaxPerRule
}

// lint lints src as its format and, if that panics, again as plain text.
// The error is for a file that could not be linted even so.
func (s *session) lint(t job, src []byte) (rules.Result, error) {
	res, perr := tryLint(t.linter, t.display, src, t.format)
	if perr == nil {
		return res, nil
	}
	s.notice(report.Notice{Path: t.display, Level: "warning",
		Message: fmt.Sprintf("internal error (please report it): %v; scanned as text", perr)})
	res, perr = tryLint(t.linter, t.display, src, scanner.Unknown)
	if perr != nil {
		return rules.Result{}, fmt.Errorf("internal error (please report it): %v; not linted", perr)
	}
	return res, nil
}

func tryLint(l *rules.Linter, path string, src []byte, format scanner.Format) (res rules.Result, perr any) {
	defer func() {
		if r := recover(); r != nil {
			perr = r
		}
	}()
	return l.Lint(path, src, format), nil
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
		s.notice(report.Notice{Path: t.display, Level: "warning", Message: "not fixed: " + why})
		return false
	}
	path := t.path
	if info, err := os.Lstat(path); err == nil && info.Mode()&os.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return notFixed(files.UnwrapPathError(err).Error())
		}
		if files.RelTo(t.root, real) == "" {
			return notFixed("it is a symlink to " + real + ", outside the scan root")
		}
		path = real
	}
	info, err := os.Stat(path)
	if err != nil {
		return notFixed(files.UnwrapPathError(err).Error())
	}
	switch {
	case info.Mode().Perm()&0o222 == 0:
		return notFixed("the file is read-only")
	case files.LinkCount(info) > 1:
		return notFixed(fmt.Sprintf("the file has %d hard links, which a rewrite would split", files.LinkCount(info)))
	}
	now, err := files.Read(path, s.opts.MaxFileSize, nil)
	if err != nil || !bytes.Equal(now, read) {
		return notFixed("the file changed on disk after gdlint read it")
	}
	if err := files.WriteAtomic(path, fixed); err != nil {
		return notFixed(err.Error())
	}
	return true
}

// maxFindingText bounds the source text a finding carries. A finding is a
// type name or a short key; only a hostile range could be longer.
const maxFindingText = 1024

// placeFindings gives each diagnostic its positions and source text.
// scanner.File.Position costs at most a bounded decode per call, so this is
// linear in the findings however long the lines are.
func placeFindings(path string, res rules.Result, policy rules.Policy) []report.Finding {
	f := res.File
	out := make([]report.Finding, 0, len(res.Diagnostics))
	for _, d := range res.Diagnostics {
		text := f.Src[d.Range.Start:d.Range.End]
		if len(text) > maxFindingText {
			text = text[:maxFindingText]
		}
		fd := report.Finding{
			Path:        path,
			Start:       f.Position(d.Range.Start),
			End:         f.Position(d.Range.End),
			Line:        f.Window(d.Range, report.SnippetWidth),
			Text:        string(text),
			Rule:        d.Rule,
			Level:       policy.Level(d.Rule, d.Category),
			Message:     d.Message,
			FindingType: d.FindingType,
			Suggested:   d.Suggested,
		}
		for _, fx := range d.Fixes {
			pf := report.Fix{Message: fx.Message}
			for _, e := range fx.Edits {
				pf.Edits = append(pf.Edits, report.Edit{Start: f.Position(e.Range.Start), End: f.Position(e.Range.End), NewText: e.NewText})
			}
			fd.Fixes = append(fd.Fixes, pf)
		}
		placeDeployed(f, d, &fd)
		out = append(out, fd)
	}
	return out
}

// readStdin reads standard input whole, at most max bytes.
func readStdin(r io.Reader, max int64) ([]byte, error) {
	if r == nil {
		return nil, errors.New("no standard input")
	}
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, &files.TooLargeError{Size: int64(len(b)), Max: max}
	}
	return b, nil
}

// readNotices says what a user should know of how a file was read: that it
// did not parse, or held too much to analyse, and so was scanned as text;
// that a fast reader failed on it (a bug, which the library made good);
// that it is not UTF-8.
func readNotices(display string, f *scanner.File) []report.Notice {
	var out []report.Notice
	switch err := f.Err; {
	case errors.Is(err, scanner.ErrTooManyValues):
		out = append(out, report.Notice{Path: display, Level: "note", Message: fmt.Sprintf(
			"may hold %v, more than gdlint builds a tree for; scanned as text (comments are still told apart, but conditions are not analysed and nothing is fixed)", err)})
	case err != nil:
		out = append(out, report.Notice{Path: display, Level: "warning",
			Message: fmt.Sprintf("does not parse as %s (%v); scanned as text", f.Format, err)})
	}
	if bug := f.FastReaderBug; bug != "" {
		out = append(out, report.Notice{Path: display, Level: "warning", Message: fmt.Sprintf(
			"gdlint's fast %s reader failed on this file (%s), a bug to report; the file was read with the %s library instead, so nothing is lost, and --no-fast-readers reads every file that way",
			f.Format, textsafe.Clean(bug), f.Format)})
	}
	if !utf8.Valid(f.Src) {
		out = append(out, report.Notice{Path: display, Level: "warning", Message: "is not valid UTF-8; columns may be off"})
	}
	return out
}
