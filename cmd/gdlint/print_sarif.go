package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/gdlint/gdlint/rules"
)

const (
	srcRoot        = "%SRCROOT%"
	informationURI = "https://github.com/gdlint/gdlint"
)

// sarifResultCap is GitHub code scanning's limit of results per run.
const sarifResultCap = 25000

// sarifSink writes a SARIF 2.1.0 log with exactly one run, as GitHub code
// scanning wants it: full rule metadata, repo-relative percent-encoded
// URIs with a uriBaseId, columns in UTF-16 code units (declared in
// columnKind), and the run's notices as tool execution notifications. It
// keeps at most cap results, the most severe; what it leaves out is said in
// a notification. Memory is bounded by cap.
type sarifSink struct {
	w    io.Writer
	kept byLevel // at most kept.cap results
}

func newSARIFSink(w io.Writer, cap int) *sarifSink {
	return &sarifSink{w: w, kept: byLevel{cap: cap}}
}

func (s *sarifSink) add(fs []Finding) error {
	for _, f := range fs {
		if !s.kept.admits(f.Diag.Level) {
			continue // over the cap: not worth encoding
		}
		b, err := marshal(sarifResultOf(f))
		if err != nil {
			return err
		}
		s.kept.add(f.Diag.Level, b)
	}
	return nil
}

func sarifResultOf(f Finding) sarifResult {
	d := f.Diag
	res := sarifResult{
		RuleID:    d.Rule.ID,
		RuleIndex: ruleIndex(d.Rule.ID),
		Level:     d.Level.String(),
		Message:   sarifMessage{Text: d.Message},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{
			ArtifactLocation: artifactLocation(f.Path),
			Region: &sarifRegion{
				StartLine: f.Start.Line, StartColumn: f.Start.UTF16Column,
				EndLine: f.End.Line, EndColumn: f.End.UTF16Column,
				Snippet: &sarifSnippet{Text: f.Text},
			},
		}}},
	}
	for _, fx := range f.Fixes {
		change := sarifArtifactChange{ArtifactLocation: artifactLocation(f.Path)}
		for _, e := range fx.Edits {
			change.Replacements = append(change.Replacements, sarifReplacement{
				DeletedRegion: sarifRegion{
					StartLine: e.Start.Line, StartColumn: e.Start.UTF16Column,
					EndLine: e.End.Line, EndColumn: e.End.UTF16Column,
				},
				InsertedContent: &sarifSnippet{Text: e.NewText},
			})
		}
		res.Fixes = append(res.Fixes, sarifFix{
			Description:     sarifMessage{Text: fx.Message},
			ArtifactChanges: []sarifArtifactChange{change},
		})
	}
	if d.FindingType != "" {
		res.Properties = map[string]any{"findingType": d.FindingType}
		if len(d.Suggested) > 0 {
			res.Properties["suggestedReplacements"] = d.Suggested
		}
	}
	return res
}

func ruleIndex(id string) int {
	for i, r := range rules.All() {
		if r.ID == id {
			return i
		}
	}
	return -1
}

func (s *sarifSink) finish(rep *Report) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:            "gdlint",
			FullName:        "gdlint: retired Amazon GuardDuty finding types",
			Version:         semver(rep.Version),
			SemanticVersion: semver(rep.Version),
			InformationURI:  informationURI,
		}},
		ColumnKind: "utf16CodeUnits",
	}
	if rep.Root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLocation{srcRoot: {URI: fileURI(rep.Root) + "/"}}
	}
	for _, r := range rules.All() {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(r))
	}
	results := s.kept.inOrder()
	inv := sarifInvocation{ExecutionSuccessful: true}
	if n := s.kept.droppedTotal(); n > 0 {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level: "warning",
			Message: sarifMessage{Text: fmt.Sprintf(
				"%d of %d results left out (%d errors, %d warnings, %d notes): GitHub code scanning accepts %d per run, so the most severe were kept; the text or JSON report lists all of them",
				n, n+len(results), s.kept.dropped[rules.LevelError], s.kept.dropped[rules.LevelWarning],
				s.kept.dropped[rules.LevelNote], s.kept.cap)},
		})
	}
	for _, n := range rep.Notices {
		note := sarifNotification{Level: n.Level, Message: sarifMessage{Text: n.Path + ": " + n.Message}}
		if n.Path != "" {
			note.Locations = []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: artifactLocation(n.Path)}}}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, note)
	}
	if rep.NoticesLeft > 0 {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level:   "note",
			Message: sarifMessage{Text: fmt.Sprintf("%d more notices left out (a report keeps the first %d); stderr showed them all", rep.NoticesLeft, maxNotices)},
		})
	}
	if rep.Unlisted > 0 {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
			Level:   "warning",
			Message: sarifMessage{Text: fmt.Sprintf("%d findings counted but not listed: a rule lists at most %d per file", rep.Unlisted, rules.DefaultMaxPerRule)},
		})
	}
	run.Invocations = []sarifInvocation{inv}
	head, err := marshal(sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	})
	if err != nil {
		return err
	}
	// The log ends "}]}"; the results go in before it, written one by
	// one rather than copied into one more buffer.
	if _, err := s.w.Write(append(bytes.TrimSuffix(head, []byte("}]}")), `,"results":[`...)); err != nil {
		return err
	}
	for i, r := range results {
		if i > 0 {
			if _, err := io.WriteString(s.w, ","); err != nil {
				return err
			}
		}
		if _, err := s.w.Write(r.([]byte)); err != nil {
			return err
		}
	}
	_, err = io.WriteString(s.w, "]}]}\n")
	return err
}

func sarifRuleOf(r *rules.Rule) sarifRule {
	return sarifRule{
		ID:               r.ID,
		Name:             r.Name,
		ShortDescription: sarifMessage{Text: r.Short},
		FullDescription:  sarifMessage{Text: r.Full},
		Help: sarifMessage{
			Text: r.Full + "\n\nWhy: " + r.Why + "\n\nHow to fix: " + r.HowToFix + "\n\n" + r.HelpURI(),
			Markdown: "**" + r.Short + "**\n\n" + r.Full + "\n\n## Why\n\n" + r.Why +
				"\n\n## How to fix\n\n" + r.HowToFix + "\n\n[Documentation](" + r.HelpURI() + ")",
		},
		HelpURI:              r.HelpURI(),
		DefaultConfiguration: sarifConfiguration{Level: r.DefaultLevel.String()},
		Properties: sarifRuleProps{
			Tags: r.Tags, Precision: r.Precision, SecuritySeverity: r.SecuritySeverity,
		},
	}
}

// artifactLocation returns the location of a file. A relative path becomes
// a percent-encoded URI relative to %SRCROOT%; an absolute one (outside the
// working directory) becomes a file:// URI.
func artifactLocation(path string) sarifArtifactLocation {
	if strings.HasPrefix(path, "/") || filepath.IsAbs(path) {
		return sarifArtifactLocation{URI: fileURI(path)}
	}
	return sarifArtifactLocation{URI: escapePath(path), URIBaseID: srcRoot}
}

// escapePath percent-encodes every byte of a slash-separated path except
// RFC 3986 unreserved characters and '/'. ':' is encoded too, so a file
// named after a finding type ("Recon:IAMUser...json") cannot read as a URI
// scheme.
func escapePath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~', c == '/':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x on Windows
	}
	return "file://" + escapePath(p)
}

// semver strips the leading v of a module version; "devel" has none.
func semver(v string) string {
	if s, ok := strings.CutPrefix(v, "v"); ok {
		return s
	}
	return "0.0.0-" + v
}
