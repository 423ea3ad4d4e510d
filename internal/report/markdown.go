package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/gdlint/gdlint/internal/textsafe"
)

// summaryLimit keeps the Markdown report under GitHub's 1 MiB limit for a
// step summary, with room for the lines around the table.
const summaryLimit = 1000 * 1000

// markdownWriter writes the findings as a Markdown table, for a GitHub job
// summary. The counts come first, so rows are held until the end; rows
// that would pass the size limit are counted, not kept.
type markdownWriter struct {
	w    io.Writer
	rows strings.Builder
	left int
}

func newMarkdownWriter(w io.Writer, _ Options) *markdownWriter {
	return &markdownWriter{w: w}
}

func (s *markdownWriter) Add(fs []Finding) error {
	for _, f := range fs {
		row := fmt.Sprintf("| %s | %s | `%s:%d:%d` | %s | %s |\n", f.Level, f.Rule.ID,
			cell(f.Path), f.Start.Line, f.Start.Column, code(f.FindingType), cell(f.Message))
		if s.left > 0 || s.rows.Len()+len(row) > summaryLimit-4096 {
			s.left++
			continue
		}
		s.rows.WriteString(row)
	}
	return nil
}

func (s *markdownWriter) Finish(rep *Summary) error {
	var b strings.Builder
	b.WriteString("## gdlint: retired GuardDuty finding types\n\n")
	if rep.Total() == 0 {
		fmt.Fprintf(&b, "No problems found in %s.\n", filesRead(rep))
	} else {
		fmt.Fprintf(&b, "%s (%s, %s, %s) in %s.\n\n", plural(rep.Total(), "problem"),
			plural(rep.Errors, "error"), plural(rep.Warnings, "warning"), plural(rep.Notes, "note"), filesRead(rep))
		b.WriteString("| level | rule | location | finding type | message |\n| --- | --- | --- | --- | --- |\n")
		b.WriteString(s.rows.String())
		if s.left > 0 {
			fmt.Fprintf(&b, "\n%s not shown: the summary is kept under GitHub's 1 MiB limit; the SARIF report has them all.\n",
				plural(s.left, "more finding"))
		}
	}
	_, err := io.WriteString(s.w, b.String())
	return err
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
