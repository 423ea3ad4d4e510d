package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/gdlint/gdlint/docs"
	"github.com/gdlint/gdlint/rules"
)

const (
	srcRoot        = "%SRCROOT%"
	informationURI = "https://github.com/gdlint/gdlint"
)

// SARIFResultCap is GitHub code scanning's limit of results per run.
const SARIFResultCap = 25000

// sarifWriter writes a SARIF 2.1.0 log with exactly one run, as GitHub
// code scanning wants it: full rule metadata, repo-relative percent-encoded
// URIs with a uriBaseId, columns in UTF-16 code units (declared in
// columnKind), and the run's notices as tool execution notifications. It
// keeps at most cap results, the most severe; what it leaves out is said in
// a notification. Memory is bounded by cap.
type sarifWriter struct {
	w    io.Writer
	opts Options
	kept capped // encoded results
}

func newSARIFWriter(w io.Writer, opts Options, cap int) *sarifWriter {
	return &sarifWriter{w: w, opts: opts, kept: capped{total: cap}}
}

func (s *sarifWriter) Add(fs []Finding) error {
	for _, f := range fs {
		if !s.kept.admits(f.Level) {
			continue // over the cap: not worth encoding
		}
		b, err := marshal(sarifResultOf(f))
		if err != nil {
			return err
		}
		s.kept.add(f.Level, b)
	}
	return nil
}

func sarifResultOf(f Finding) sarifResult {
	res := sarifResult{
		RuleID:    f.Rule.ID,
		RuleIndex: ruleIndex(f.Rule.ID),
		Level:     f.Level.String(),
		Message:   sarifMessage{Text: f.Message},
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
	if f.FindingType != "" {
		res.Properties = map[string]any{"findingType": f.FindingType}
		if len(f.Suggested) > 0 {
			res.Properties["suggestedReplacements"] = f.Suggested
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

// Finish writes the log: every member of the run from what it is, then
// the kept results, streamed one by one rather than copied into one more
// buffer.
func (s *sarifWriter) Finish(rep *Summary) error {
	o := &jsonObject{w: s.w}
	o.open()
	o.member("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
	o.member("version", "2.1.0")
	o.key("runs")
	o.raw("[")
	run := &jsonObject{w: s.w}
	run.open()
	run.member("tool", s.tool())
	run.member("invocations", []sarifInvocation{s.invocation(rep)})
	if s.opts.Root != "" {
		run.member("originalUriBaseIds", map[string]sarifArtifactLocation{srcRoot: {URI: FileURI(s.opts.Root) + "/"}})
	}
	run.member("columnKind", "utf16CodeUnits")
	run.key("results")
	run.raw("[")
	for i, r := range s.kept.inOrder() {
		if i > 0 {
			run.raw(",")
		}
		run.write(r.([]byte))
	}
	run.raw("]")
	run.close()
	o.err = run.err
	o.raw("]")
	o.close()
	o.raw("\n")
	return o.err
}

func (s *sarifWriter) tool() sarifTool {
	t := sarifTool{Driver: sarifDriver{
		Name:            "gdlint",
		FullName:        "gdlint: retired Amazon GuardDuty finding types",
		Version:         semver(s.opts.Version),
		SemanticVersion: semver(s.opts.Version),
		InformationURI:  informationURI,
	}}
	for _, r := range rules.All() {
		t.Driver.Rules = append(t.Driver.Rules, sarifRuleOf(r, s.opts.Version))
	}
	return t
}

// invocation states how the run went: what the report leaves out, and the
// run's notices.
func (s *sarifWriter) invocation(rep *Summary) sarifInvocation {
	inv := sarifInvocation{ExecutionSuccessful: true}
	note := func(level, text string) {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: level, Message: sarifMessage{Text: text}})
	}
	if n := s.kept.droppedTotal(); n > 0 {
		note("warning", fmt.Sprintf(
			"%d of %d results left out (%d errors, %d warnings, %d notes): GitHub code scanning accepts %d per run, so the most severe were kept; the text or JSON report lists all of them",
			n, n+s.kept.n, s.kept.dropped[rules.LevelError], s.kept.dropped[rules.LevelWarning],
			s.kept.dropped[rules.LevelNote], s.kept.total))
	}
	for _, n := range rep.Notices {
		note(n.Level, n.Path+": "+n.Message)
		if n.Path != "" {
			last := &inv.ToolExecutionNotifications[len(inv.ToolExecutionNotifications)-1]
			last.Locations = []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: artifactLocation(n.Path)}}}
		}
	}
	if rep.NoticesLeft > 0 {
		note("note", fmt.Sprintf("%d more notices left out (a report keeps the first %d); stderr showed them all", rep.NoticesLeft, s.opts.NoticeCap))
	}
	if rep.Unlisted > 0 {
		note("warning", fmt.Sprintf("%d findings counted but not listed: a rule lists at most %d per file", rep.Unlisted, s.opts.PerRuleCap))
	}
	return inv
}

func sarifRuleOf(r *rules.Rule, version string) sarifRule {
	page := docs.Rule(r.ID)
	return sarifRule{
		ID:               r.ID,
		Name:             r.Name,
		ShortDescription: sarifMessage{Text: r.Short},
		FullDescription:  sarifMessage{Text: page.Summary},
		Help: sarifMessage{
			Text:     page.Text + "\n\n" + docs.RuleURL(r.ID, version),
			Markdown: page.Markdown + "\n\n[Documentation](" + docs.RuleURL(r.ID, version) + ")",
		},
		HelpURI:              docs.RuleURL(r.ID, version),
		DefaultConfiguration: sarifConfiguration{Level: r.DefaultLevel().String()},
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
		return sarifArtifactLocation{URI: FileURI(path)}
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

// FileURI is the file:// URI of an absolute path, percent-encoded as SARIF
// artifact locations are.
func FileURI(abs string) string {
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

// jsonObject writes a JSON object member by member, so that a member as
// large as SARIF's results can be streamed instead of built. The first
// error sticks; later writes do nothing.
type jsonObject struct {
	w       io.Writer
	members int
	err     error
}

func (o *jsonObject) write(b []byte) {
	if o.err == nil {
		_, o.err = o.w.Write(b)
	}
}

func (o *jsonObject) raw(s string) { o.write([]byte(s)) }
func (o *jsonObject) open()        { o.raw("{") }
func (o *jsonObject) close()       { o.raw("}") }

// key starts a member: the comma before it, the key and the colon.
func (o *jsonObject) key(k string) {
	if o.members > 0 {
		o.raw(",")
	}
	o.members++
	b, err := marshal(k)
	if err != nil && o.err == nil {
		o.err = err
	}
	o.write(append(b, ':'))
}

// member writes a whole member, its value encoded as gdlint encodes JSON.
func (o *jsonObject) member(k string, v any) {
	o.key(k)
	b, err := marshal(v)
	if err != nil && o.err == nil {
		o.err = err
	}
	o.write(b)
}
