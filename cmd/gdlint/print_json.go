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
	Rule                  string   `json:"rule"`
	RuleName              string   `json:"ruleName"`
	Level                 string   `json:"level"`
	Path                  string   `json:"path"`
	Line                  int      `json:"line"`
	Column                int      `json:"column"`
	EndLine               int      `json:"endLine"`
	EndColumn             int      `json:"endColumn"`
	Offset                int      `json:"offset"`
	EndOffset             int      `json:"endOffset"`
	Text                  string   `json:"text"`
	FindingType           string   `json:"findingType"`
	Message               string   `json:"message"`
	SuggestedReplacements []string `json:"suggestedReplacements"`
}

type jsonSummary struct {
	Files    int `json:"files"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Notes    int `json:"notes"`
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
		})
	}
	out.Summary.Files = rep.Files
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
