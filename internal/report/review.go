package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/gdlint/gdlint/docs"
	"github.com/gdlint/gdlint/internal/textsafe"
	"github.com/gdlint/gdlint/rules"
)

// The formats of review tools and other CI systems: reviewdog's Diagnostic
// JSON, checkstyle XML, GitLab Code Quality and JUnit. Each streams: a
// file's findings are written as the file arrives.

// rdjsonWriter writes reviewdog's Diagnostic Format as one JSON object,
// {"source", "diagnostics": [...]}: reviewdog -f=rdjson. Columns count
// bytes, as reviewdog's format says.
type rdjsonWriter struct {
	w       io.Writer
	version string
	items   jsonArray
}

type rdSource struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type rdPosition struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

type rdRange struct {
	Start rdPosition `json:"start"`
	End   rdPosition `json:"end"`
}

type rdLocation struct {
	Path  string  `json:"path"`
	Range rdRange `json:"range"`
}

type rdCode struct {
	Value string `json:"value"`
	URL   string `json:"url,omitempty"`
}

type rdSuggestion struct {
	Range rdRange `json:"range"`
	Text  string  `json:"text"`
}

type rdDiagnostic struct {
	Message     string         `json:"message"`
	Location    rdLocation     `json:"location"`
	Severity    string         `json:"severity"`
	Code        rdCode         `json:"code"`
	Suggestions []rdSuggestion `json:"suggestions,omitempty"`
}

func newRDJSONWriter(w io.Writer, opts Options) (*rdjsonWriter, error) {
	src, err := marshal(rdSource{Name: "gdlint", URL: informationURI})
	if err != nil {
		return nil, err
	}
	_, err = fmt.Fprintf(w, `{"source":%s,"diagnostics":[`, src)
	return &rdjsonWriter{w: w, version: opts.Version, items: jsonArray{w: w}}, err
}

func rdSeverity(l rules.Level) string {
	switch l {
	case rules.LevelError:
		return "ERROR"
	case rules.LevelWarning:
		return "WARNING"
	}
	return "INFO"
}

func (s *rdjsonWriter) Add(fs []Finding) error {
	for _, f := range fs {
		d := rdDiagnostic{
			Message:  f.Message,
			Location: rdLocation{Path: f.Path, Range: rdRange{rdPosition{f.Start.Line, f.Start.ByteColumn}, rdPosition{f.End.Line, f.End.ByteColumn}}},
			Severity: rdSeverity(f.Level),
			Code:     rdCode{Value: f.Rule.ID, URL: docs.RuleURL(f.Rule.ID, s.version)},
		}
		if len(f.Fixes) > 0 { // reviewdog suggests the edits of the first fix
			for _, e := range f.Fixes[0].Edits {
				d.Suggestions = append(d.Suggestions, rdSuggestion{
					Range: rdRange{rdPosition{e.Start.Line, e.Start.ByteColumn}, rdPosition{e.End.Line, e.End.ByteColumn}},
					Text:  e.NewText,
				})
			}
		}
		if err := s.items.add(d); err != nil {
			return err
		}
	}
	return nil
}

func (s *rdjsonWriter) Finish(*Summary) error {
	_, err := io.WriteString(s.w, "]}\n")
	return err
}

// checkstyleWriter writes checkstyle XML: a <file> per file with findings,
// an <error> per finding. reviewdog -f=checkstyle and Jenkins' warnings
// plugin read it.
type checkstyleWriter struct {
	w   io.Writer
	err error
}

func newCheckstyleWriter(w io.Writer) *checkstyleWriter {
	c := &checkstyleWriter{w: w}
	c.printf("%s<checkstyle version=\"4.3\">\n", xml.Header)
	return c
}

func (c *checkstyleWriter) printf(format string, args ...any) {
	if c.err == nil {
		_, c.err = fmt.Fprintf(c.w, format, args...)
	}
}

func checkstyleSeverity(l rules.Level) string {
	switch l {
	case rules.LevelError:
		return "error"
	case rules.LevelWarning:
		return "warning"
	}
	return "info"
}

func (c *checkstyleWriter) Add(fs []Finding) error {
	if len(fs) == 0 {
		return c.err
	}
	c.printf("  <file name=\"%s\">\n", xmlAttr(fs[0].Path))
	for _, f := range fs {
		c.printf("    <error line=\"%d\" column=\"%d\" severity=\"%s\" message=\"%s\" source=\"gdlint.%s\"/>\n",
			f.Start.Line, f.Start.ByteColumn, checkstyleSeverity(f.Level), xmlAttr(f.Message), f.Rule.ID)
	}
	c.printf("  </file>\n")
	return c.err
}

func (c *checkstyleWriter) Finish(*Summary) error {
	c.printf("</checkstyle>\n")
	return c.err
}

// xmlAttr escapes s for an XML attribute, after textsafe.Clean (what a
// terminal would act on is written as \x1b): XML 1.0 allows no control
// character but tab and the line breaks, and strangers' text may hold one.
func xmlAttr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(strings.Map(xmlChar, textsafe.Clean(s))))
	return strings.NewReplacer(`"`, "&#34;", "\n", "&#xA;", "\t", "&#x9;").Replace(b.String())
}

func xmlChar(r rune) rune {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return r
	case r < 0x20, r >= 0xD800 && r < 0xE000, r == 0xFFFE, r == 0xFFFF:
		return '\uFFFD'
	}
	return r
}

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

// junitWriter writes JUnit XML for CI systems that show only test
// reports: a <testsuite> per file with findings, each finding a
// <testcase>, failed when the finding fails the run (at or above
// --fail-on) and passing, with the finding as its output, when it does
// not; and one passing testcase for a clean run.
type junitWriter struct {
	checkstyleWriter // for printf and its sticky error
	opts             Options
	any              bool
}

func newJUnitWriter(w io.Writer, opts Options) *junitWriter {
	j := &junitWriter{checkstyleWriter: checkstyleWriter{w: w}, opts: opts}
	j.printf("%s<testsuites name=\"gdlint\">\n", xml.Header)
	return j
}

func (j *junitWriter) Add(fs []Finding) error {
	if len(fs) == 0 {
		return j.err
	}
	j.any = true
	failures := 0
	for _, f := range fs {
		if j.opts.fails(f.Level) {
			failures++
		}
	}
	j.printf("  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\">\n", xmlAttr(fs[0].Path), len(fs), failures)
	for _, f := range fs {
		j.printf("    <testcase classname=\"%s\" name=\"%s %s:%d:%d\">\n", xmlAttr(f.Path), f.Rule.ID, xmlAttr(f.Path), f.Start.Line, f.Start.Column)
		line := fmt.Sprintf("%s:%d:%d: %s: %s [%s]", xmlAttr(f.Path), f.Start.Line, f.Start.Column, f.Level, xmlAttr(f.Message), f.Rule.ID)
		if j.opts.fails(f.Level) {
			j.printf("      <failure type=\"%s\" message=\"%s\">%s</failure>\n", f.Level, xmlAttr(f.Message), line)
		} else {
			j.printf("      <system-out>%s</system-out>\n", line)
		}
		j.printf("    </testcase>\n")
	}
	j.printf("  </testsuite>\n")
	return j.err
}

func (j *junitWriter) Finish(s *Summary) error {
	if !j.any {
		j.printf("  <testsuite name=\"gdlint\" tests=\"1\" failures=\"0\">\n    <testcase classname=\"gdlint\" name=\"no problems found in %s\"/>\n  </testsuite>\n", xmlAttr(filesRead(s)))
	}
	j.printf("</testsuites>\n")
	return j.err
}
