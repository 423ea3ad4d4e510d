package report

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"sync"

	"github.com/gdlint/gdlint/rules"
)

// A report gdlint wrote names every retired type it found, so linting it
// would report each finding again, and a run would fail on its own
// output. IsOwnReport recognises one by its whole text, strictly: the file
// must be, byte for byte, what this version's writer of that format
// writes, with gdlint's markers (tool name, schema, rule IDs). A file
// that only looks like a report, or holds one more key, one more element
// or one more line, is not one, and is linted as usual. The text report is
// not recognised: its source lines are strangers' text.

// IsOwnReport reports whether src is a report gdlint writes in format
// (as scanner.SniffReport names it).
func IsOwnReport(format string, src []byte) bool {
	switch format {
	case "sarif":
		return ownSARIF(src)
	case "json":
		return ownJSON(src)
	case "rdjson":
		return ownRDJSON(src)
	case "gitlab":
		return ownGitLab(src)
	case "checkstyle":
		return ownCheckstyle(src)
	case "junit":
		return ownJUnit(src)
	case "markdown":
		return ownMarkdown(src)
	}
	return false
}

// roundTrip decodes src into v, refusing unknown keys, then checks v, and
// that encoding v as the writers do gives src back exactly: no key in
// another case, no key twice, no other spacing or escaping.
func roundTrip(src []byte, v any, check func() bool) bool {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil || !check() {
		return false
	}
	b, err := marshal(v)
	return err == nil && len(src) == len(b)+1 && src[len(b)] == '\n' && bytes.Equal(src[:len(b)], b)
}

// ruleID reports whether id is a gdlint rule's.
func ruleID(id string) bool { return rules.ByID(id) != nil }

type sarifLogShape struct {
	Schema  string          `json:"$schema"`
	Version string          `json:"version"`
	Runs    []sarifRunShape `json:"runs"`
}

type sarifRunShape struct {
	Tool               sarifTool                        `json:"tool"`
	Invocations        []sarifInvocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                           `json:"columnKind"`
	Results            []sarifResult                    `json:"results"`
}

func ownSARIF(src []byte) bool {
	var log sarifLogShape
	return roundTrip(src, &log, func() bool {
		if log.Schema != "https://json.schemastore.org/sarif-2.1.0.json" || log.Version != "2.1.0" || len(log.Runs) != 1 {
			return false
		}
		run := log.Runs[0]
		if run.Tool.Driver.Name != "gdlint" || run.ColumnKind != "utf16CodeUnits" || len(run.Invocations) != 1 || run.Results == nil {
			return false
		}
		for _, r := range run.Tool.Driver.Rules {
			if !ruleID(strings.SplitN(r.ID, "/", 2)[0]) {
				return false
			}
		}
		for _, r := range run.Results {
			if !ruleID(strings.SplitN(r.RuleID, "/", 2)[0]) || !sarifProperties(r.Properties) {
				return false
			}
		}
		return true
	})
}

// sarifProperties reports whether a result's properties are the ones
// gdlint writes: findingType, and suggestedReplacements, a list of strings.
func sarifProperties(p map[string]any) bool {
	for k, v := range p {
		switch k {
		case "findingType":
			if _, ok := v.(string); !ok {
				return false
			}
		case "suggestedReplacements":
			list, ok := v.([]any)
			if !ok {
				return false
			}
			for _, s := range list {
				if _, ok := s.(string); !ok {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

type jsonReportShape struct {
	SchemaVersion int              `json:"schemaVersion"`
	Tool          jsonTool         `json:"tool"`
	Diagnostics   []jsonDiagnostic `json:"diagnostics"`
	Notices       []Notice         `json:"notices"`
	Summary       jsonSummary      `json:"summary"`
}

func ownJSON(src []byte) bool {
	var r jsonReportShape
	return roundTrip(src, &r, func() bool {
		if r.SchemaVersion != 1 || r.Tool.Name != "gdlint" || r.Diagnostics == nil || r.Notices == nil {
			return false
		}
		for _, d := range r.Diagnostics {
			if !ruleID(d.Rule) || d.SuggestedReplacements == nil {
				return false
			}
		}
		return true
	})
}

type rdjsonShape struct {
	Source      rdSource       `json:"source"`
	Diagnostics []rdDiagnostic `json:"diagnostics"`
}

func ownRDJSON(src []byte) bool {
	var r rdjsonShape
	return roundTrip(src, &r, func() bool {
		if r.Source != (rdSource{Name: "gdlint", URL: informationURI}) || r.Diagnostics == nil {
			return false
		}
		for _, d := range r.Diagnostics {
			if !ruleID(d.Code.Value) {
				return false
			}
		}
		return true
	})
}

func ownGitLab(src []byte) bool {
	var issues []gitlabIssue
	return roundTrip(src, &issues, func() bool {
		for _, is := range issues {
			id, name, _ := strings.Cut(is.CheckName, " ")
			if r := rules.ByID(id); r == nil || r.Name != name {
				return false
			}
		}
		return len(issues) > 0
	})
}

// maxMarkdown is the most the Markdown writer writes (a GitHub step
// summary's limit): a larger file is not its report, and the grammar is
// never run on more.
const maxMarkdown = summaryLimit

// markdownGrammar is the Markdown report as a regular expression of its
// whole text, as its writer writes it. Go's regexps run in linear time,
// and the text is at most maxMarkdown bytes.
var markdownGrammar = sync.OnceValue(func() *regexp.Regexp {
	const id = `GDL[0-9]{3}`
	const level = `(?:error|warning|note)`
	// cell is text as cell() writes it: no line break, no backtick, every
	// pipe escaped.
	const cell = `(?:[^|\n\r` + "`" + `\\]|\\\||\\)*`
	files := `(?:[0-9]+ (?:file|resource)s?(?: \([0-9]+ skipped: unreadable, too large or binary\))?|0 files \(none read: nothing was checked\))`
	row := `\| ` + level + ` \| ` + id + " \\| `" + cell + ":[0-9]+:[0-9]+` \\| (?:`" + cell + "`)? \\| " + cell + ` \|\n`
	return regexp.MustCompile(`\A## gdlint: retired GuardDuty finding types\n\n` +
		`(?:No problems found in ` + files + `\.\n` +
		`|[0-9]+ problems? \([0-9]+ errors?, [0-9]+ warnings?, [0-9]+ notes?\) in ` + files + `\.\n\n` +
		`\| level \| rule \| location \| finding type \| message \|\n\| --- \| --- \| --- \| --- \| --- \|\n` +
		`(?:` + row + `)*` +
		`(?:\n[0-9]+ more findings? not shown: the summary is kept under GitHub's 1 MiB limit; the SARIF report has them all\.\n)?)\z`)
})

func ownMarkdown(src []byte) bool {
	return len(src) <= maxMarkdown && markdownGrammar().Match(src)
}
