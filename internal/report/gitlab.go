package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/gdlint/gdlint/rules"
)

// gitlabWriter writes GitLab's Code Quality report, a JSON array of issues
// with a description, check_name, a fingerprint that does not change when
// lines move (path, rule, finding type and the occurrence's index among
// identical ones in the file, as the baseline keys them), a severity and
// a location.
type gitlabWriter struct {
	w     io.Writer
	items jsonArray
}

type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
	End   int `json:"end"`
}

func newGitLabWriter(w io.Writer) (*gitlabWriter, error) {
	_, err := io.WriteString(w, "[")
	return &gitlabWriter{w: w, items: jsonArray{w: w}}, err
}

// gitlabSeverity maps levels to GitLab's info, minor, major, critical and
// blocker: a dead rule (GDL004) is critical, other errors major.
func gitlabSeverity(f Finding) string {
	switch f.Level {
	case rules.LevelError:
		if f.Rule == rules.RuleNeverMatches {
			return "critical"
		}
		return "major"
	case rules.LevelWarning:
		return "minor"
	}
	return "info"
}

func (g *gitlabWriter) Add(fs []Finding) error {
	seen := map[string]int{}
	for _, f := range fs {
		key := f.Path + "\x00" + f.Rule.ID + "\x00" + f.FindingType
		sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", key, seen[key]))
		seen[key]++
		if err := g.items.add(gitlabIssue{
			Description: f.Message,
			CheckName:   f.Rule.ID + " " + f.Rule.Name,
			Fingerprint: hex.EncodeToString(sum[:16]),
			Severity:    gitlabSeverity(f),
			Location:    gitlabLocation{Path: f.Path, Lines: gitlabLines{Begin: f.Start.Line, End: f.End.Line}},
		}); err != nil {
			return err
		}
	}
	return nil
}

func (g *gitlabWriter) Finish(*Summary) error {
	_, err := io.WriteString(g.w, "]\n")
	return err
}
