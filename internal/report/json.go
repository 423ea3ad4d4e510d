package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/gdlint/gdlint/internal/textsafe"
)

// gdlint's JSON output is {"schemaVersion": 1, "tool": jsonTool,
// "diagnostics": [jsonDiagnostic...], "notices": [Notice...], "summary":
// jsonSummary}, and for gdlint aws "coverage": Coverage. Its shape is a stable interface: fields are added, never
// renamed or removed, while schemaVersion is 1.

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// jsonDiagnostic places a finding. Lines and columns are 1-based; columns
// count Unicode code points and endColumn is exclusive (it points just past
// the finding). offset and endOffset are 0-based byte offsets.
type jsonDiagnostic struct {
	Rule                  string    `json:"rule"`
	RuleName              string    `json:"ruleName"`
	Level                 string    `json:"level"`
	Path                  string    `json:"path"`
	Line                  int       `json:"line"`
	Column                int       `json:"column"`
	EndLine               int       `json:"endLine"`
	EndColumn             int       `json:"endColumn"`
	Offset                int       `json:"offset"`
	EndOffset             int       `json:"endOffset"`
	Text                  string    `json:"text"`
	FindingType           string    `json:"findingType"`
	Message               string    `json:"message"`
	SuggestedReplacements []string  `json:"suggestedReplacements"`
	Fixes                 []jsonFix `json:"fixes,omitempty"`
	// Resource is set for gdlint aws, where path is the resource's ARN.
	Resource *Resource `json:"resource,omitempty"`
	// Logical is set for a finding in a Terraform plan or a CDK template.
	Logical *Logical `json:"logicalLocation,omitempty"`
}

// jsonFix is a safe fix: edits to apply together. Offsets are bytes;
// positions are as in the diagnostic.
type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	Offset    int    `json:"offset"`
	EndOffset int    `json:"endOffset"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	NewText   string `json:"newText"`
}

type jsonSummary struct {
	Files      int `json:"files"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Notes      int `json:"notes"`
	Suppressed int `json:"suppressed"` // by gdlint:ignore directives
	Baselined  int `json:"baselined"`  // left out because --baseline holds them
	// NotListed counts findings in the counts above but not in
	// diagnostics: a rule lists at most 10,000 per file.
	NotListed int `json:"notListed"`
	// NoticesLeftOut counts notices past the first 1,000, which are kept.
	NoticesLeftOut int `json:"noticesLeftOut"`
	// Skipped counts the files found but not linted (unreadable, too
	// large or binary); each has a notice. (Last: fields are only added.)
	Skipped int `json:"skipped"`
	// Unchanged counts findings left out by --new-from-rev.
	Unchanged int `json:"unchanged"`
	// FailOn is the level the run fails at, after the config: error,
	// warning, note or never.
	FailOn string `json:"failOn"`
}

// jsonWriter streams the diagnostics array: the header is written first,
// each diagnostic as its file arrives, the notices and summary last. The
// key order is the same as jsonReport's.
type jsonWriter struct {
	w      io.Writer
	items  jsonArray // the diagnostics
	failOn string
}

// jsonArray writes the items of a JSON array one by one, each encoded as
// marshal encodes, with the commas between them; the brackets are the
// caller's. The streaming JSON formats (json, rdjson, gitlab) share it.
type jsonArray struct {
	w io.Writer
	n int
}

func (a *jsonArray) add(v any) error {
	b, err := marshal(v)
	if err != nil {
		return err
	}
	if a.n > 0 {
		b = append([]byte{','}, b...)
	}
	a.n++
	_, err = a.w.Write(b)
	return err
}

func newJSONWriter(w io.Writer, opts Options) (*jsonWriter, error) {
	tool, _ := json.Marshal(jsonTool{Name: "gdlint", Version: opts.Version})
	_, err := fmt.Fprintf(w, `{"schemaVersion":1,"tool":%s,"diagnostics":[`, tool)
	return &jsonWriter{w: w, items: jsonArray{w: w}, failOn: opts.failOnName()}, err
}

func (s *jsonWriter) Add(fs []Finding) error {
	for _, f := range fs {
		if err := s.items.add(jsonDiagnostic{
			Rule: f.Rule.ID, RuleName: f.Rule.Name, Level: f.Level.String(), Path: f.Path,
			Line: f.Start.Line, Column: f.Start.Column, EndLine: f.End.Line, EndColumn: f.End.Column,
			Offset: f.Start.Offset, EndOffset: f.End.Offset, Text: f.Text,
			FindingType: f.FindingType, Message: f.Message,
			SuggestedReplacements: nonNil(f.Suggested),
			Fixes:                 jsonFixes(f.Fixes),
			Resource:              f.Resource,
			Logical:               f.Logical,
		}); err != nil {
			return err
		}
	}
	return nil
}

func (s *jsonWriter) Finish(rep *Summary) error {
	notices := rep.Notices
	if notices == nil {
		notices = []Notice{}
	}
	nb, err := marshal(notices)
	if err != nil {
		return err
	}
	sb, err := marshal(jsonSummary{Files: rep.Files, Skipped: rep.Skipped, Unchanged: rep.Unchanged, Errors: rep.Errors, Warnings: rep.Warnings, Notes: rep.Notes,
		Suppressed: rep.Suppressed, Baselined: rep.Baselined, NotListed: rep.Unlisted, NoticesLeftOut: rep.NoticesLeft,
		FailOn: s.failOn})
	if err != nil {
		return err
	}
	if rep.Coverage == nil {
		_, err = fmt.Fprintf(s.w, `],"notices":%s,"summary":%s}`+"\n", nb, sb)
		return err
	}
	cb, err := marshal(rep.Coverage)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(s.w, `],"notices":%s,"summary":%s,"coverage":%s}`+"\n", nb, sb, cb)
	return err
}

// marshal is json.Marshal without HTML escaping ("<" stays "<"), and with
// what a CI log or a terminal would act on escaped as well (see jsonSafe).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return textsafe.JSONSafe(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func jsonFixes(fixes []Fix) []jsonFix {
	var out []jsonFix
	for _, fx := range fixes {
		jf := jsonFix{Message: fx.Message}
		for _, e := range fx.Edits {
			jf.Edits = append(jf.Edits, jsonEdit{
				Offset: e.Start.Offset, EndOffset: e.End.Offset,
				Line: e.Start.Line, Column: e.Start.Column, EndLine: e.End.Line, EndColumn: e.End.Column,
				NewText: e.NewText,
			})
		}
		out = append(out, jf)
	}
	return out
}
