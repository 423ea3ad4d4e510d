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
	// descriptors are the run's rules, by index: every rule at its
	// default level, then a rule at another level as results need it.
	descriptors []descriptor
	index       map[descriptor]int
}

// descriptor is a SARIF rule: a gdlint rule at one level. GitHub code
// scanning takes an alert's security severity from its rule, so a note
// (a mention in a comment) needs a rule of its own to stay out of the
// security severities; see securitySeverity.
type descriptor struct {
	rule  *rules.Rule
	level rules.Level
}

// id is the SARIF rule id: the gdlint rule's own at its default level,
// else with the level after a '/' ("GDL001/note"), a hierarchical id as
// SARIF allows them.
func (d descriptor) id() string {
	if d.level == d.rule.DefaultLevel() {
		return d.rule.ID
	}
	return d.rule.ID + "/" + d.level.String()
}

func newSARIFWriter(w io.Writer, opts Options, cap int) *sarifWriter {
	s := &sarifWriter{w: w, opts: opts, kept: capped{total: cap}, index: map[descriptor]int{}}
	for _, r := range rules.All() {
		s.descriptorIndex(r, r.DefaultLevel())
	}
	return s
}

// descriptorIndex is the index of the SARIF rule for rule r at level l,
// added when it is the first result of its kind.
func (s *sarifWriter) descriptorIndex(r *rules.Rule, l rules.Level) int {
	d := descriptor{r, l}
	i, ok := s.index[d]
	if !ok {
		i = len(s.descriptors)
		s.descriptors = append(s.descriptors, d)
		s.index[d] = i
	}
	return i
}

func (s *sarifWriter) Add(fs []Finding) error {
	for _, f := range fs {
		if !s.kept.admits(f.Level) {
			continue // over the cap: not worth encoding
		}
		i := s.descriptorIndex(f.Rule, f.Level)
		b, err := marshal(sarifResultOf(f, s.descriptors[i].id(), i))
		if err != nil {
			return err
		}
		s.kept.add(f.Level, b)
	}
	return nil
}

func sarifResultOf(f Finding, ruleID string, ruleIndex int) sarifResult {
	res := sarifResult{
		RuleID:    ruleID,
		RuleIndex: ruleIndex,
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
	if l := f.Logical; l != nil {
		res.Locations[0].LogicalLocations = []sarifLogicalLocation{{FullyQualifiedName: l.Name, Kind: "resource"}}
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
	tool := s.tool()
	run.memberJSON("tool", encodeSARIF(func(e *sarifEncoder) { e.tool(tool) }))
	if inv := s.invocation(rep); fileLocationsOnly(inv) {
		run.memberJSON("invocations", encodeSARIF(func(e *sarifEncoder) { e.invocations(inv) }))
	} else {
		run.member("invocations", []sarifInvocation{inv})
	}
	if s.opts.Root != "" {
		base := sarifArtifactLocation{URI: FileURI(s.opts.Root) + "/"}
		run.memberJSON("originalUriBaseIds", encodeSARIF(func(e *sarifEncoder) { e.baseIDs(srcRoot, base) }))
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
	for _, d := range s.descriptors {
		t.Driver.Rules = append(t.Driver.Rules, sarifRuleOf(d, s.opts.Version))
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
		if n.Path == "" { // about the whole run
			note(n.Level, n.Message)
			continue
		}
		note(n.Level, n.Path+": "+n.Message)
		last := &inv.ToolExecutionNotifications[len(inv.ToolExecutionNotifications)-1]
		last.Locations = []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: artifactLocation(n.Path)}}}
	}
	if rep.NoticesLeft > 0 {
		note("note", fmt.Sprintf("%d more notices left out (a report keeps the first %d); stderr showed them all", rep.NoticesLeft, s.opts.NoticeCap))
	}
	if rep.Unlisted > 0 {
		note("warning", fmt.Sprintf("%d findings counted but not listed: a rule lists at most %d per file", rep.Unlisted, s.opts.PerRuleCap))
	}
	return inv
}

// securitySeverity is the security severity code scanning shows for a
// result at level l: an error is Medium (the rule's own score, below 7.0,
// so GitHub's default check, which fails on High, leaves failing to
// gdlint's --fail-on), a warning is Low, and a note is no security alert
// at all: a mention in a comment or a document is stale text, not a hole.
func securitySeverity(r *rules.Rule, l rules.Level) string {
	switch l {
	case rules.LevelError:
		return r.SecuritySeverity
	case rules.LevelWarning:
		return "3.0"
	}
	return ""
}

func sarifRuleOf(d descriptor, version string) sarifRule {
	r := d.rule
	page := docs.Rule(r.ID)
	props := sarifRuleProps{Tags: r.Tags, Precision: r.Precision, SecuritySeverity: securitySeverity(r, d.level)}
	if props.SecuritySeverity == "" {
		props.Tags = withoutTag(r.Tags, "security")
	}
	return sarifRule{
		ID:               d.id(),
		Name:             r.Name,
		ShortDescription: sarifMessage{Text: r.Short},
		FullDescription:  sarifMessage{Text: page.Summary},
		Help: sarifMessage{
			Text:     page.Text + "\n\n" + docs.RuleURL(r.ID, version),
			Markdown: page.Markdown + "\n\n[Documentation](" + docs.RuleURL(r.ID, version) + ")",
		},
		HelpURI:              docs.RuleURL(r.ID, version),
		DefaultConfiguration: sarifConfiguration{Level: d.level.String()},
		Properties:           props,
	}
}

func withoutTag(tags []string, drop string) []string {
	out := []string{}
	for _, t := range tags {
		if t != drop {
			out = append(out, t)
		}
	}
	return out
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

// memberJSON writes a whole member whose value is already encoded.
func (o *jsonObject) memberJSON(k string, v []byte) {
	o.key(k)
	o.write(v)
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
