package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/gdlint/gdlint/internal/textsafe"
	"github.com/gdlint/gdlint/rules"
)

// GitHub shows at most 10 error and 10 warning annotations per step (and
// as many notices); gdlint keeps one notice free to say what it left out.
const annotationCap = 10

// githubWriter writes GitHub Actions workflow commands, one annotation per
// finding, most severe first, within GitHub's per-step caps, then a notice
// with the count left out. It keeps only what it will print.
type githubWriter struct {
	w    io.Writer
	kept capped
	// summary sizes the job summary's rows as the Markdown writer does,
	// when the run writes one, so that the notice says how many it lists.
	summary *summaryTable
}

func newGitHubWriter(w io.Writer, opts Options) *githubWriter {
	g := &githubWriter{w: w}
	if opts.Summary {
		g.summary = &summaryTable{opts: opts}
	}
	g.kept.perLevel[rules.LevelError] = annotationCap
	g.kept.perLevel[rules.LevelWarning] = annotationCap
	g.kept.perLevel[rules.LevelNote] = annotationCap - 1 // one notice is kept for the summary
	g.kept.total = 3 * annotationCap
	return g
}

func (s *githubWriter) Add(fs []Finding) error {
	for _, f := range fs {
		if s.summary != nil {
			s.summary.add(f)
		}
		if s.kept.admits(f.Level) {
			s.kept.add(f.Level, f)
		}
	}
	return nil
}

func (s *githubWriter) Finish(rep *Summary) error {
	for lvl := rules.LevelError; lvl >= rules.LevelNote; lvl-- {
		for _, v := range s.kept.ofLevel(lvl) {
			f := v.(Finding)
			if _, err := fmt.Fprintf(s.w, "::%s file=%s,line=%d,endLine=%d,col=%d,endColumn=%d,title=%s::%s\n",
				githubCommand(lvl), escapeProperty(textsafe.Clean(f.Path)), f.Start.Line, f.End.Line, f.Start.Column, f.End.Column,
				escapeProperty(f.Rule.ID+" "+f.Rule.Name), escapeData(textsafe.CleanKeeping(f.Message, '\n'))); err != nil {
				return err
			}
		}
	}
	d := s.kept.dropped
	if s.kept.droppedTotal() == 0 {
		return nil
	}
	where := fmt.Sprintf("gdlint --format text lists all %d findings", rep.Total()-rep.Unlisted)
	if s.summary != nil {
		listed := s.summary.listed()
		if n := sum(listed[:]); n == rep.Total() {
			where = fmt.Sprintf("the job summary lists all %d findings", n)
		} else {
			where = fmt.Sprintf("the job summary lists %d of the %d findings, the most severe first", n, rep.Total())
		}
	}
	_, err := fmt.Fprintf(s.w, "::notice title=gdlint::%s\n", escapeData(fmt.Sprintf(
		"%s, %s and %s not shown as annotations (GitHub shows 10 of each per step); %s",
		Plural(d[rules.LevelError], "more error"), Plural(d[rules.LevelWarning], "more warning"),
		Plural(d[rules.LevelNote], "more note"), where)))
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
