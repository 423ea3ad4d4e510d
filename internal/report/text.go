package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/gdlint/gdlint/internal/textsafe"
	"github.com/gdlint/gdlint/rules"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// textWriter writes one block per finding, compiler style:
//
//	path:line:col: level: message [GDL001]
//	    "UnauthorizedAccess:EC2/TorIPCaller",
//	     ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
//
// then a summary line. The marker lines up under the finding in a terminal:
// tabs are kept as tabs and wide (CJK) characters count two cells.
type textWriter struct {
	w     io.Writer
	color bool
}

func (s *textWriter) paint(code, text string) string {
	if !s.color {
		return text
	}
	return code + text + ansiReset
}

func (s *textWriter) Add(fs []Finding) error {
	for _, f := range fs {
		lvl := f.Level.String()
		switch f.Level {
		case rules.LevelError:
			lvl = s.paint(ansiRed+ansiBold, lvl)
		case rules.LevelWarning:
			lvl = s.paint(ansiYellow+ansiBold, lvl)
		default:
			lvl = s.paint(ansiCyan, lvl)
		}
		line, marker := snippet(f)
		if _, err := fmt.Fprintf(s.w, "%s %s: %s %s\n",
			s.paint(ansiBold, fmt.Sprintf("%s:%d:%d:", textsafe.Clean(f.Path), f.Start.Line, f.Start.Column)),
			lvl, textsafe.Clean(f.Message), s.paint(ansiDim, "["+f.Rule.ID+"]")); err != nil {
			return err
		}
		if r := f.Resource; r != nil {
			if _, err := fmt.Fprintf(s.w, "    %s %q in %s, account %s\n", r.Kind, textsafe.Clean(r.Name), textsafe.Clean(r.Region), textsafe.Clean(r.Account)); err != nil {
				return err
			}
		}
		if l := f.Logical; l != nil {
			if _, err := fmt.Fprintf(s.w, "    in %s %s\n", l.Kind, textsafe.Clean(l.Name)); err != nil {
				return err
			}
		}
		if _, err := fmt.Fprintf(s.w, "    %s\n    %s\n", line, s.paint(ansiGreen, marker)); err != nil {
			return err
		}
	}
	return nil
}

func (s *textWriter) Finish(rep *Summary) error {
	var extra string
	if rep.Suppressed > 0 {
		extra += fmt.Sprintf("; %d suppressed by gdlint:ignore", rep.Suppressed)
	}
	if rep.Baselined > 0 {
		extra += fmt.Sprintf("; %d in the baseline", rep.Baselined)
	}
	if rep.Unchanged > 0 {
		extra += fmt.Sprintf("; %d on unchanged lines", rep.Unchanged)
	}
	var err error
	if rep.Total() == 0 {
		_, err = fmt.Fprintf(s.w, "no problems found in %s%s\n", filesRead(rep), extra)
	} else {
		_, err = fmt.Fprintf(s.w, "%s (%s, %s, %s) in %s%s\n", Plural(rep.Total(), "problem"),
			Plural(rep.Errors, "error"), Plural(rep.Warnings, "warning"), Plural(rep.Notes, "note"), filesRead(rep), extra)
	}
	if err != nil || rep.Coverage == nil {
		return err
	}
	return s.coverage(rep.Coverage)
}

// coverage writes what a gdlint aws run read, then one line per service
// and reason it did not.
func (s *textWriter) coverage(c *Coverage) error {
	_, err := fmt.Fprintf(s.w, "read %s and %s\n", listed(c.Accounts, "account"), listed(c.Regions, "region"))
	for _, g := range c.NotRead {
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(s.w, "not read (%s): %s\n", g.Level, textsafe.Clean(g.Text))
	}
	return err
}

// listed is "2 accounts (111111111111, 222222222222)", or "0 regions".
func listed(items []string, word string) string {
	if len(items) == 0 {
		return Plural(0, word)
	}
	return Plural(len(items), word) + " (" + textsafe.Clean(strings.Join(items, ", ")) + ")"
}

// SnippetWidth is how many characters of a line the text report shows on
// each side of a finding (minified JSON has megabyte lines): Finding.Line
// should be a window this wide.
const SnippetWidth = 60

// snippet returns the finding's source line, clipped around the finding
// when long, and the marker line that underlines the finding. Control
// characters in the line are shown escaped, and the marker counts their
// escapes' width.
func snippet(f Finding) (line, marker string) {
	w := f.Line
	runes := []rune(w.Text)
	from := max(0, min(f.Start.Column-w.Column, len(runes)))
	to := from + utf8.RuneCountInString(f.Text)
	if f.End.Line != f.Start.Line {
		to = len(runes)
	}
	to = min(to, len(runes))
	var b, m strings.Builder
	if w.Before {
		b.WriteString("…")
		m.WriteString(" ")
	}
	for i, r := range runes {
		shown := textsafe.Clean(string(r))
		b.WriteString(shown)
		if i < from {
			if shown != string(r) {
				m.WriteString(strings.Repeat(" ", len(shown)))
			} else {
				m.WriteString(pad(r))
			}
		}
	}
	if w.After {
		b.WriteString("…")
	}
	m.WriteByte('^')
	for _, r := range runes[from:max(from, to)][min(1, to-from):] {
		m.WriteString(strings.Repeat("~", cells(r)))
	}
	return b.String(), m.String()
}

func pad(r rune) string {
	if r == '\t' {
		return "\t"
	}
	return strings.Repeat(" ", cells(r))
}

func cells(r rune) int {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}
