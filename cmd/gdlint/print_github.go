package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/gdlint/gdlint/rules"
)

// GitHub shows at most 10 error and 10 warning annotations per step (and
// as many notices); gdlint keeps one notice free to say what it left out.
const annotationCap = 10

// githubSink writes GitHub Actions workflow commands, one annotation per
// finding, most severe first, within GitHub's per-step caps, then a notice
// with the count left out. It keeps only what it will print.
type githubSink struct {
	w       io.Writer
	shown   [rules.LevelError + 1][]Finding
	dropped [rules.LevelError + 1]int
}

func (s *githubSink) add(fs []Finding) error {
	for _, f := range fs {
		lvl := f.Diag.Level
		limit := annotationCap
		if lvl == rules.LevelNote {
			limit = annotationCap - 1 // one notice is kept for the summary
		}
		if len(s.shown[lvl]) >= limit {
			s.dropped[lvl]++
			continue
		}
		s.shown[lvl] = append(s.shown[lvl], f)
	}
	return nil
}

func (s *githubSink) finish(rep *Report) error {
	for lvl := rules.LevelError; lvl >= rules.LevelNote; lvl-- {
		for _, f := range s.shown[lvl] {
			if _, err := fmt.Fprintf(s.w, "::%s file=%s,line=%d,endLine=%d,col=%d,endColumn=%d,title=%s::%s\n",
				githubCommand(lvl), escapeProperty(clean(f.Path)), f.Start.Line, f.End.Line, f.Start.Column, f.End.Column,
				escapeProperty(f.Diag.Rule.ID+" "+f.Diag.Rule.Name), escapeData(cleanKeeping(f.Diag.Message, '\n'))); err != nil {
				return err
			}
		}
	}
	d := s.dropped
	if d[rules.LevelError]+d[rules.LevelWarning]+d[rules.LevelNote] == 0 {
		return nil
	}
	_, err := fmt.Fprintf(s.w, "::notice title=gdlint::%s\n", escapeData(fmt.Sprintf(
		"%s, %s and %s not shown as annotations (GitHub shows 10 of each per step); the job summary and the SARIF upload list all %d findings",
		plural(d[rules.LevelError], "more error"), plural(d[rules.LevelWarning], "more warning"),
		plural(d[rules.LevelNote], "more note"), rep.Total())))
	return err
}

func githubCommand(l rules.Level) string {
	switch l {
	case rules.LevelError:
		return "error"
	case rules.LevelWarning:
		return "warning"
	}
	return "notice"
}

// escapeData and escapeProperty follow the Actions toolkit: a message may
// not hold a raw newline or '%'; a property, neither ':' nor ','. Neither
// may hold "##[", which the runner acts on anywhere in a line: its '[' is
// written as \x5b, as the text report does (callers clean the values of
// control characters first).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", "##[", `##\x5b`).Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C", "##[", `##\x5b`).Replace(s)
}
