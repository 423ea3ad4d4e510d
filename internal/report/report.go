// Package report writes what a run found, in every format gdlint offers
// (the table Formats lists them). Each format is a Writer that takes
// each file's findings as they arrive (so memory stays flat however many
// there are) and then the run's Summary. Writers are pure: they write to
// the io.Writer they are given and nothing else. They know the rules'
// metadata and the findings' levels; they know nothing of how findings were
// made, of files on disk, or of GuardDuty.
package report

import (
	"fmt"
	"io"

	"github.com/gdlint/gdlint/rules"
	"github.com/gdlint/gdlint/scanner"
)

// Finding is a diagnostic placed in a file, with its level, ready for a
// writer.
type Finding struct {
	Path       string // display path, slash-separated
	Start, End scanner.Position
	// Line is the source line of Start around the finding: a window of
	// it, so that a finding never copies a long (minified) line.
	Line        scanner.Window
	Text        string // the source text of the range, bounded
	Rule        *rules.Rule
	Level       rules.Level
	Message     string
	FindingType string   // the canonical finding type the finding is about
	Suggested   []string // suggested replacement types (never an AWS mapping)
	Fixes       []Fix    // alternatives; --fix applies the first
	// Resource, for a finding in a live account (gdlint aws), is the
	// resource whose document Path (its ARN) names.
	Resource *Resource
	// Logical, for a finding in a Terraform plan or a synthesized
	// template, is the resource it deploys as.
	Logical *Logical
}

// Resource is a deployed rule, filter or insight that a finding is in.
type Resource struct {
	Kind    string `json:"kind"` // "EventBridge rule", "GuardDuty filter", ...
	Name    string `json:"name"`
	Region  string `json:"region"`
	Account string `json:"account"`
}

// Fix is a set of edits to apply together.
type Fix struct {
	Message string
	Edits   []Edit
}

// Edit replaces the text from Start to End with NewText.
type Edit struct {
	Start, End scanner.Position
	NewText    string
}

// Notice is something about the run rather than about the code: a file
// that could not be read or parsed. Notices go to stderr as they happen and
// into the JSON and SARIF reports.
type Notice struct {
	Path    string `json:"path"`
	Level   string `json:"level"` // "warning" or "note"; "error" for what fails a gdlint aws run
	Message string `json:"message"`
}

// Summary is the run's totals, given to every writer at the end.
type Summary struct {
	Files int // files read and linted (for gdlint aws, resources)
	// Unit is what Files counts, when not files: "resource".
	Unit    string
	Skipped int // files found but not linted: unreadable, too large or binary (each has a notice)

	Errors, Warnings, Notes int
	Suppressed              int      // findings an ignore directive suppressed
	Baselined               int      // findings the baseline holds
	Unchanged               int      // findings left out by --new-from-rev: on lines not changed
	Fixed                   int      // findings --fix fixed
	Unlisted                int      // findings counted above but over a rule's per-file cap
	Notices                 []Notice // the first Options.NoticeCap
	NoticesLeft             int      // notices past those, counted
	// Coverage, for gdlint aws, is what the run read and what it did
	// not: a clean report must not read the same as one that saw nothing.
	Coverage *Coverage
}

// Coverage is the accounts and regions a gdlint aws run read, and each
// service it could not read, with the reason and where.
type Coverage struct {
	Accounts []string      `json:"accounts"`
	Regions  []string      `json:"regions"`
	NotRead  []CoverageGap `json:"notRead"`
}

// CoverageGap is one service not read, for one reason, in some places.
type CoverageGap struct {
	Service    string          `json:"service"`
	Operations []string        `json:"operations"`
	Reason     string          `json:"reason"`
	Level      string          `json:"level"` // "error": the run fails (exit 2); "warning"
	Where      []CoveragePlace `json:"where"`
	// Text is the gap as one line, as stderr shows it.
	Text string `json:"-"`
}

// CoveragePlace is an account and a region; no region is the account as
// a whole (a role that could not be assumed).
type CoveragePlace struct {
	Account string `json:"account"`
	Region  string `json:"region,omitempty"`
}

// Total is the number of findings reported.
func (s *Summary) Total() int { return s.Errors + s.Warnings + s.Notes }

// Count adds findings to the totals by level.
func (s *Summary) Count(fs []Finding) {
	for _, f := range fs {
		s.CountLevel(f.Level, 1)
	}
}

// CountLevel adds n findings of level l to the totals.
func (s *Summary) CountLevel(l rules.Level, n int) {
	switch l {
	case rules.LevelError:
		s.Errors += n
	case rules.LevelWarning:
		s.Warnings += n
	case rules.LevelNote:
		s.Notes += n
	}
}

// A Writer writes one report. It receives each file's findings in walk
// order (within a file, by position), then the summary.
type Writer interface {
	Add(fs []Finding) error
	Finish(s *Summary) error
}

// Options are what a writer needs to know about the run besides findings.
type Options struct {
	Version string // gdlint's version
	Root    string // absolute working directory, for SARIF's %SRCROOT%
	Color   bool   // text: ANSI colours
	// PerRuleCap and NoticeCap are the run's limits on findings listed per
	// rule and file and on notices kept, for the reports to state.
	PerRuleCap, NoticeCap int
	// Blob, when set, is where the repository's files are on the web, to
	// link the job summary's locations to their lines:
	// https://github.com/OWNER/REPO/blob/SHA/ (a path and #L1 follow).
	Blob string
	// RepoDir is the working directory relative to the repository root
	// ("" at the root, slash-separated), which Blob's paths start from.
	RepoDir string
	// Summary is whether the run also writes the Markdown job summary, so
	// that the annotations' notice may point at it.
	Summary bool
	// FailOn and FailNever are the run's --fail-on, after the config: a
	// finding fails the run when its level is at least FailOn (the zero
	// value, LevelOff, fails every finding) and FailNever is false. Test
	// report formats (JUnit) mark as failed only what fails the run.
	FailOn    rules.Level
	FailNever bool
}

// fails reports whether a finding at level l fails the run.
func (o Options) fails(l rules.Level) bool { return !o.FailNever && l >= o.FailOn }

// failOnName is the fail-on level as the flag spells it.
func (o Options) failOnName() string {
	switch {
	case o.FailNever:
		return "never"
	case o.FailOn == rules.LevelOff:
		return "note" // every finding fails
	}
	return o.FailOn.String()
}

// Format is one report format: everything gdlint knows about it, in one
// row of Formats. --format's values and completion, --help, gdlint aws's
// choice and the workflow-command guard are all read from the table.
type Format struct {
	Name string
	// Help says what the format is for, in --help ("workflow annotations"),
	// or nothing when the name says it.
	Help string
	// LineOriented is whether the format is lines of text that may reach
	// a CI log as they are (text, Markdown, XML), so that what the runner
	// would execute must be escaped in it; JSON escapes its own.
	LineOriented bool
	// Live is whether gdlint aws offers the format: the others place
	// findings in a repository's files by path and line, and a deployed
	// rule is in no file.
	Live bool
	New  func(w io.Writer, opts Options) (Writer, error)
}

// Formats are the report formats, in the order --help lists them. A new
// format is one row here, with its test (TestFormatsAreComplete says
// which).
var Formats = []Format{
	{Name: "text", LineOriented: true, Live: true, New: func(w io.Writer, opts Options) (Writer, error) {
		return &textWriter{w: w, color: opts.Color}, nil
	}},
	{Name: "json", Live: true, New: func(w io.Writer, opts Options) (Writer, error) { return newJSONWriter(w, opts) }},
	{Name: "sarif", New: func(w io.Writer, opts Options) (Writer, error) { return newSARIFWriter(w, opts, SARIFResultCap), nil }},
	{Name: "github", Help: "workflow annotations", New: func(w io.Writer, opts Options) (Writer, error) { return newGitHubWriter(w, opts), nil }},
	{Name: "markdown", Help: "a job summary", LineOriented: true, New: func(w io.Writer, opts Options) (Writer, error) {
		return newMarkdownWriter(w, opts), nil
	}},
	{Name: "rdjson", Help: "reviewdog", New: func(w io.Writer, opts Options) (Writer, error) { return newRDJSONWriter(w, opts) }},
	{Name: "checkstyle", LineOriented: true, New: func(w io.Writer, _ Options) (Writer, error) { return newCheckstyleWriter(w), nil }},
	{Name: "gitlab", Help: "Code Quality", New: func(w io.Writer, _ Options) (Writer, error) { return newGitLabWriter(w) }},
	{Name: "junit", LineOriented: true, New: func(w io.Writer, opts Options) (Writer, error) { return newJUnitWriter(w, opts), nil }},
	{Name: "compact", Help: "one line a finding, for editors", LineOriented: true, New: func(w io.Writer, _ Options) (Writer, error) {
		return &compactWriter{w: w}, nil
	}},
}

// Lookup returns the format named name.
func Lookup(name string) (Format, bool) {
	for _, f := range Formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// Names are the names of the formats keep accepts (nil: all), in the
// table's order.
func Names(keep func(Format) bool) []string {
	var out []string
	for _, f := range Formats {
		if keep == nil || keep(f) {
			out = append(out, f.Name)
		}
	}
	return out
}

// LineOriented reports whether a format is lines of text that may reach a
// CI log as they are: see Format.LineOriented.
func LineOriented(format string) bool {
	f, _ := Lookup(format)
	return f.LineOriented
}

// New returns the writer of a format, writing to w.
func New(format string, w io.Writer, opts Options) (Writer, error) {
	f, ok := Lookup(format)
	if !ok {
		return nil, fmt.Errorf("unknown format %q", format)
	}
	return f.New(w, opts)
}

// filesRead is "5 files", with how many were skipped where any were:
// "0 files (3 skipped)" must not read as a clean run, and neither must
// "0 files".
func filesRead(s *Summary) string {
	if s.Unit != "" {
		return Plural(s.Files, s.Unit)
	}
	switch {
	case s.Files == 0 && s.Skipped == 0:
		return "0 files (none read: nothing was checked)"
	case s.Skipped == 0:
		return Plural(s.Files, "file")
	}
	return fmt.Sprintf("%s (%d skipped: unreadable, too large or binary)", Plural(s.Files, "file"), s.Skipped)
}

// Plural is "1 file" or "3 files": the one way gdlint counts in words.
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
