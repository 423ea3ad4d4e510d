package main

import (
	"encoding/json"
	"io"
)

// jsonReport is gdlint's JSON output. Its shape is a stable interface:
// fields are added, never renamed or removed, while schemaVersion is 1.
type jsonReport struct {
	SchemaVersion int              `json:"schemaVersion"`
	Tool          jsonTool         `json:"tool"`
	Diagnostics   []jsonDiagnostic `json:"diagnostics"`
	Notices       []Notice         `json:"notices"`
	Summary       jsonSummary      `json:"summary"`
}

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
}

func printJSON(w io.Writer, rep *Report) error {
	out := jsonReport{
		SchemaVersion: 1,
		Tool:          jsonTool{Name: "gdlint", Version: rep.Version},
		Diagnostics:   make([]jsonDiagnostic, 0, len(rep.Findings)),
		Notices:       rep.Notices,
	}
	if out.Notices == nil {
		out.Notices = []Notice{}
	}
	for _, f := range rep.Findings {
		d := f.Diag
		out.Diagnostics = append(out.Diagnostics, jsonDiagnostic{
			Rule: d.Rule.ID, RuleName: d.Rule.Name, Level: d.Level.String(), Path: f.Path,
			Line: f.Start.Line, Column: f.Start.Column, EndLine: f.End.Line, EndColumn: f.End.Column,
			Offset: f.Start.Offset, EndOffset: f.End.Offset, Text: f.Text,
			FindingType: d.FindingType, Message: d.Message,
			SuggestedReplacements: nonNil(d.Suggested),
			Fixes:                 jsonFixes(f.Fixes),
		})
	}
	out.Summary.Files, out.Summary.Suppressed, out.Summary.Baselined = rep.Files, rep.Suppressed, rep.Baselined
	out.Summary.Errors, out.Summary.Warnings, out.Summary.Notes = rep.Counts()
	// Compact: indenting costs more than linting on a repository full of
	// findings. Pipe through jq to read it.
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func jsonFixes(fixes []placedFix) []jsonFix {
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
