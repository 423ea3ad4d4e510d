package report

import (
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/gdlint/gdlint/internal/textsafe"
	"github.com/gdlint/gdlint/rules"
)

// summaryLimit keeps the Markdown report under GitHub's 1 MiB limit for a
// step summary, with room for the lines around the table.
const summaryLimit = 1000 * 1000

// summaryBudget is what the table's rows may take of summaryLimit.
const summaryBudget = summaryLimit - 4096

// markdownWriter writes the findings as a Markdown table, for a GitHub job
// summary: errors first, then warnings, then notes, each location a link
// to its line when the run knows the repository (Options.Blob). The counts
// come first, so rows are held until the end; rows past the size limit are
// counted, not kept.
type markdownWriter struct {
	w     io.Writer
	table summaryTable
}

func newMarkdownWriter(w io.Writer, opts Options) *markdownWriter {
	return &markdownWriter{w: w, table: summaryTable{keep: true, opts: opts}}
}

func (s *markdownWriter) Add(fs []Finding) error {
	for _, f := range fs {
		s.table.add(f)
	}
	return nil
}

func (s *markdownWriter) Finish(rep *Summary) error {
	var b strings.Builder
	b.WriteString("## gdlint: retired GuardDuty finding types\n\n")
	if rep.Total() == 0 {
		fmt.Fprintf(&b, "No problems found in %s.\n", filesRead(rep))
	} else {
		fmt.Fprintf(&b, "%s (%s, %s, %s) in %s.\n\n", Plural(rep.Total(), "problem"),
			Plural(rep.Errors, "error"), Plural(rep.Warnings, "warning"), Plural(rep.Notes, "note"), filesRead(rep))
		b.WriteString("| level | rule | location | finding type | message |\n| --- | --- | --- | --- | --- |\n")
		listed := s.table.listed()
		for i := range s.table.rows {
			b.WriteString(s.table.rows[i].String()[:sum(s.table.sizes[i][:listed[i]])])
		}
		if left := rep.Total() - rep.Unlisted - sum(listed[:]); left > 0 {
			fmt.Fprintf(&b, "\n%s not shown: the summary is kept under GitHub's 1 MiB limit; the JSON report lists them.\n",
				Plural(left, "more finding"))
		}
		if rep.Unlisted > 0 {
			fmt.Fprintf(&b, "\n%s counted but listed in no report: a rule lists at most %d per file.\n",
				Plural(rep.Unlisted, "more finding"), s.table.opts.perRuleCap())
		}
	}
	_, err := io.WriteString(s.w, b.String())
	return err
}

// perRuleCap is the run's cap on findings listed per rule and file.
func (o Options) perRuleCap() int {
	if o.PerRuleCap > 0 {
		return o.PerRuleCap
	}
	return rules.DefaultMaxPerRule
}

// summaryTable is the job summary's rows, by level, within summaryBudget:
// the Markdown writer keeps their text, and the GitHub writer only their
// sizes, so that its notice says exactly how many rows the summary lists.
type summaryTable struct {
	keep  bool // keep the rows' text, not only their sizes
	opts  Options
	rows  [3]strings.Builder // by levelRank
	sizes [3][]int
	bytes [3]int
	full  [3]bool
}

// levelRank orders the levels as the summary lists them: errors first.
func levelRank(l rules.Level) int {
	switch l {
	case rules.LevelError:
		return 0
	case rules.LevelWarning:
		return 1
	}
	return 2
}

func (t *summaryTable) add(f Finding) {
	i := levelRank(f.Level)
	if t.full[i] {
		return
	}
	row := summaryRow(f, t.opts)
	if t.bytes[i]+len(row) > summaryBudget {
		t.full[i] = true // no later row of this level is listed either
		return
	}
	t.bytes[i] += len(row)
	t.sizes[i] = append(t.sizes[i], len(row))
	if t.keep {
		t.rows[i].WriteString(row)
	}
}

// listed is how many rows of each level the summary lists: the most
// severe first, until one does not fit.
func (t *summaryTable) listed() (n [3]int) {
	left := summaryBudget
	for i := range t.sizes {
		for _, size := range t.sizes[i] {
			if size > left {
				return n
			}
			left -= size
			n[i]++
		}
	}
	return n
}

func sum(ns []int) int {
	t := 0
	for _, n := range ns {
		t += n
	}
	return t
}

// summaryRow is a finding's row of the table.
func summaryRow(f Finding, opts Options) string {
	loc := fmt.Sprintf("`%s:%d:%d`", cell(f.Path), f.Start.Line, f.Start.Column)
	if u := lineURL(f, opts); u != "" {
		loc = "[" + loc + "](" + u + ")"
	}
	return fmt.Sprintf("| %s | %s | %s | %s | %s |\n", f.Level, f.Rule.ID, loc, code(f.FindingType), cell(f.Message))
}

// lineURL is the address of a finding's line in the repository, as
// Options.Blob and Options.RepoDir place it, or "" when the finding is in
// no file of the repository (a path outside it, a live resource).
func lineURL(f Finding, opts Options) string {
	if opts.Blob == "" || f.Resource != nil || path.IsAbs(f.Path) {
		return ""
	}
	p := path.Clean(path.Join(opts.RepoDir, f.Path))
	if p == ".." || strings.HasPrefix(p, "../") || p == "." {
		return ""
	}
	return opts.Blob + escapePath(p) + "#L" + strconv.Itoa(f.Start.Line)
}

// cell makes text safe inside a table cell: no pipe, no line break, no
// backtick that would open a code span.
func cell(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ", "\r", "", "`", "'").Replace(textsafe.Clean(s))
}

func code(s string) string {
	if s == "" {
		return ""
	}
	return "`" + cell(s) + "`"
}
