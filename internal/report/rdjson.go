package report

import (
	"fmt"
	"io"

	"github.com/gdlint/gdlint/docs"
	"github.com/gdlint/gdlint/rules"
)

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
