package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/gdlint/gdlint/rules"
)

// GitHub shows at most 10 error and 10 warning annotations per step (and
// as many notices); gdlint keeps one notice free to say what it left out.
const annotationCap = 10

// printGitHub writes GitHub Actions workflow commands, one annotation per
// finding, most severe first, within GitHub's per-step caps, then a notice
// with the count left out.
func printGitHub(w io.Writer, rep *Report) {
	fs := append([]Finding(nil), rep.Findings...)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Diag.Level > fs[j].Diag.Level })
	shown := map[rules.Level]int{}
	dropped := map[rules.Level]int{}
	for _, f := range fs {
		lvl := f.Diag.Level
		limit := annotationCap
		if lvl == rules.LevelNote {
			limit = annotationCap - 1
		}
		if shown[lvl] >= limit {
			dropped[lvl]++
			continue
		}
		shown[lvl]++
		fmt.Fprintf(w, "::%s file=%s,line=%d,endLine=%d,col=%d,endColumn=%d,title=%s::%s\n",
			githubCommand(lvl), escapeProperty(f.Path), f.Start.Line, f.End.Line, f.Start.Column, f.End.Column,
			escapeProperty(f.Diag.Rule.ID+" "+f.Diag.Rule.Name), escapeData(f.Diag.Message))
	}
	if n := dropped[rules.LevelError] + dropped[rules.LevelWarning] + dropped[rules.LevelNote]; n > 0 {
		fmt.Fprintf(w, "::notice title=gdlint::%s\n", escapeData(fmt.Sprintf(
			"%s, %s and %s not shown as annotations (GitHub shows 10 of each per step); the job summary and the SARIF upload list all %d findings",
			plural(dropped[rules.LevelError], "more error"), plural(dropped[rules.LevelWarning], "more warning"),
			plural(dropped[rules.LevelNote], "more note"), len(rep.Findings))))
	}
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
// not hold a raw newline or '%'; a property, neither ':' nor ','.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
