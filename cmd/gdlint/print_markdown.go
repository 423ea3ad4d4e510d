package main

import (
	"fmt"
	"io"
	"strings"
)

// summaryLimit keeps the Markdown report under GitHub's 1 MiB limit for a
// step summary, with room for the lines around the table.
const summaryLimit = 1000 * 1000

// printMarkdown writes the findings as a Markdown table, for a GitHub job
// summary. Rows that would pass the size limit are left out and counted.
func printMarkdown(w io.Writer, rep *Report) {
	errs, warns, notes := rep.Counts()
	var b strings.Builder
	fmt.Fprintf(&b, "## gdlint: retired GuardDuty finding types\n\n")
	if len(rep.Findings) == 0 {
		fmt.Fprintf(&b, "No problems found in %s.\n", plural(rep.Files, "file"))
		io.WriteString(w, b.String())
		return
	}
	fmt.Fprintf(&b, "%s (%s, %s, %s) in %s.\n\n", plural(len(rep.Findings), "problem"),
		plural(errs, "error"), plural(warns, "warning"), plural(notes, "note"), plural(rep.Files, "file"))
	b.WriteString("| level | rule | location | finding type | message |\n| --- | --- | --- | --- | --- |\n")
	left := 0
	for i, f := range rep.Findings {
		row := fmt.Sprintf("| %s | %s | `%s:%d:%d` | %s | %s |\n", f.Diag.Level, f.Diag.Rule.ID,
			cell(f.Path), f.Start.Line, f.Start.Column, code(f.Diag.FindingType), cell(f.Diag.Message))
		if b.Len()+len(row) > summaryLimit {
			left = len(rep.Findings) - i
			break
		}
		b.WriteString(row)
	}
	if left > 0 {
		fmt.Fprintf(&b, "\n%s not shown: the summary is kept under GitHub's 1 MiB limit; the SARIF report has them all.\n",
			plural(left, "more finding"))
	}
	io.WriteString(w, b.String())
}

// cell makes text safe inside a table cell: no pipe, no line break, no
// backtick that would open a code span.
func cell(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ", "\r", "", "`", "'").Replace(s)
}

func code(s string) string {
	if s == "" {
		return ""
	}
	return "`" + cell(s) + "`"
}
